package io.relayscope.fleet.console;

import io.relayscope.fleet.source.SourceLag;
import io.relayscope.machines.MachineSnapshot;
import io.relayscope.metrics.RelaySnapshot;
import java.util.List;

/**
 * One node of the fleet at one instant: its relay's latest figures (null until its first snapshot
 * arrives), its machines as its events built them, and how long ago it last reported anything
 * (by the NATS server's clock).
 * {@code factsMissed}: journal facts the node says it could not publish. {@code stale}: silent for longer than the console allows.
 */
public record NodeFrame(String node, RelaySnapshot figures, List<MachineSnapshot> machines, long eventsSeen, long factsMissed,
    long lastReportMillis, long ageMillis, boolean stale) {
  public NodeFrame {
    machines = List.copyOf(machines);
  }

  /**
   * How far behind the events stream the node's {@code --nats-source} is, from its latest snapshot
   * (zero for a node that does not source, or before its first snapshot).
   */
  public SourceLag sourceLag() {
    if (figures == null || figures.relay() == null || figures.relay().health() == null) return SourceLag.NONE;
    var n = figures.relay().health().nats();
    return new SourceLag(n.sourceLagEvents(), n.sourceLagSeconds());
  }
}
