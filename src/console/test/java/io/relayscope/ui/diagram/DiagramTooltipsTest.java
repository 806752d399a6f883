package io.relayscope.ui.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.machines.MachineSnapshot;
import io.relayscope.machines.StateStats;
import io.relayscope.machines.TransitionStats;
import io.relayscope.ui.fx.Format;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagramTooltipsTest {
  private static final long NOW = 1_000_000;

  private static final MachineSnapshot M = new MachineSnapshot("m", "m", "busy", NOW - 4_000, NOW, "state_change", false, 5,
      List.of(new StateStats("idle", 2, 1_500, NOW - 10_000), new StateStats("busy", 3, 6_000, NOW - 4_000)),
      List.of(new TransitionStats("idle", "busy", "go", 3, NOW - 4_000)), null);

  @Test
  void theCurrentStateCountsItsVisitInProgress() {
    String text = DiagramTooltips.stateText(new DiagramStructure.State("busy", "WORK", true), M, NOW);
    assertThat(text).contains("busy", "WORK", "Visits: 3", "Time spent: " + Format.millis(10_000),
        "Last entered: " + Format.time(NOW - 4_000), "Current state, for 4 s");
    assertThat(DiagramTooltips.stateText(new DiagramStructure.State("idle", null, true), M, NOW))
        .contains("Visits: 2", "Time spent: " + Format.millis(1_500)).doesNotContain("Current");
    assertThat(DiagramTooltips.stateText(new DiagramStructure.State("never", null, false), M, NOW))
        .contains("Not in the machine's definition", "Not visited yet");
  }

  @Test
  void edgesSayHowOftenTheyWereTaken() {
    var edge = new DiagramStructure.Edge("edge-idle-busy", "idle", "busy", List.of("go"), true);
    assertThat(DiagramTooltips.edgeText(edge, M)).contains("idle → busy", "On: go", "Seen: 3×");
    var any = new DiagramStructure.Edge("edge-any-idle", "*", "idle", List.of("stop"), true);
    assertThat(DiagramTooltips.edgeText(any, M)).contains("any state → idle", "Seen: never");
  }
}
