package io.relayscope.ui.frame;

import io.relayscope.journal.JournalFact;
import io.relayscope.machines.MachineSnapshot;
import io.relayscope.metrics.RelaySnapshot;
import java.util.List;

/**
 * What the console renders at one frame: the relay's snapshot, every machine, and the journal facts
 * appended since the previous frame. Taken off the FX thread; immutable.
 */
public record ConsoleFrame(long takenAtMillis, RelaySnapshot relay, List<MachineSnapshot> machines, List<JournalFact> newFacts,
    long factsSkipped) {
  public ConsoleFrame {
    machines = List.copyOf(machines);
    newFacts = List.copyOf(newFacts);
  }
}
