package io.relayscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioResultTest {
  private static final Scenario BURST = Scenario.custom(1, 0, 50_000, 200, 1);

  private static ScenarioResult run(long lost, double p99, String busiest) {
    return run(lost, p99, busiest, Map.of());
  }

  private static ScenarioResult run(long lost, double p99, String busiest, Map<String, Integer> closed) {
    return new ScenarioResult(BURST, "relayscope", 50_000, lost, 49_000, 0.1, p99, p99 * 2, p99 * 3, 50_000 - lost,
        50_000 - lost, closed.values().stream().mapToInt(Integer::intValue).sum(), -1, 0.9, 430, 0.5, 40_000, 8,
        Map.of(busiest, 0.4), Map.of("java", 0.3), closed,
        new MachineCpu(1.5 + lost / 100_000.0, 0, 1.2, 2), new ProcessCost(lost, 2 * lost), new StartCost(9, 4.5, 2.25), 1);
  }

  @Test
  void eachFigureIsItsOwnMedianAndTheThreadsComeFromTheMedianLossRun() {
    // Loss and p99 rank differently across the runs: each gets its own middle value.
    var runs = List.of(run(9_000, 2.0, "a"), run(5_000, 9.0, "b"), run(7_000, 4.0, "c"));

    ScenarioResult m = ScenarioResult.median(runs);

    assertEquals(7_000, m.lostAtSender());
    assertEquals(4.0, m.p99Ms());
    assertEquals(8.0, m.p999Ms());
    assertEquals(43_000, m.deliveredMinPerHealthy());
    assertEquals(-1, m.evictionSeconds()); // "none" stays none
    assertEquals(Map.of("c", 0.4), m.relayThreadCpuSeconds());
    assertEquals(1.57, m.machineCpu().busySeconds(), 1e-9); // the median-loss run's, as its threads
    assertEquals(new ProcessCost(7_000, 14_000), m.relayCost()); // and its cost

    assertEquals(3, m.runs());
    assertEquals("relayscope", m.strategy());
  }

  @Test
  void anEvenCountTakesTheMeanOfTheMiddleTwoAndOneRunIsItself() {
    var one = run(100, 1.0, "a");
    assertSame(one, ScenarioResult.median(List.of(one)));

    ScenarioResult m = ScenarioResult.median(List.of(run(100, 1.0, "a"), run(300, 3.0, "b")));
    assertEquals(200, m.lostAtSender());
    assertEquals(2.0, m.p99Ms());
    assertEquals(2, m.runs());
  }

  @Test
  void aClientClosedInAnyRunIsReportedWithItsCauseEvenWhenTheMedianHidesIt() {
    var runs = List.of(run(100, 1.0, "a"), run(200, 2.0, "b", Map.of("4001 send deadline passed", 1)), run(300, 3.0, "c"));

    ScenarioResult m = ScenarioResult.median(runs);

    assertEquals(0, m.healthyClosed()); // the median run closed none…
    assertEquals(Map.of("4001 send deadline passed", 1), m.healthyCloseCauses()); // …but one run did, and says why
    String table = BenchReport.table(List.of(m));
    assertEquals("healthy clients closed, N=1 K=0 50000/s 200B, relayscope (all 3 runs): 1× 4001 send deadline passed",
        table.lines().reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void theCostIsPerEventTakenInAndPerDelivery() {
    // 50,000 sent, 10,000 lost at the sender: 40,000 taken in, delivered to one reader; 0.9 s of CPU.
    var r = run(10_000, 1.0, "a");
    assertEquals(22.5, r.cpuMicrosPerEvent(), 1e-9);
    assertEquals(22.5, r.cpuMicrosPerDelivery(), 1e-9);
    assertEquals(0.25, r.switchesPerEvent(), 1e-9);
    assertEquals(0.5, r.syscallsPerEvent(), 1e-9);
    assertEquals("N=1 K=0 50000/s 200B       relayscope            22.5        22.50         0.25          0.5     0.00      4.50 (2.25)",
        BenchReport.costTable(List.of(r)).lines().reduce((a, b) -> b).orElseThrow());
    // Compilation inside the window is shown beside the cost, so a figure that includes it says so.
    assertEquals(0.4, run(10_000, 1.0, "C2 CompilerThre").compilerCpuSeconds(), 1e-9);
    var unknown = new ScenarioResult(r.scenario(), "x", 10, 0, 10, 1, 1, 1, 1, 10, 10, 0, -1, 0.1, 1, 1, 1, 1, Map.of(), Map.of(),
        Map.of(), r.machineCpu(), ProcessCost.UNKNOWN, StartCost.UNKNOWN, 1);
    assertEquals(-1, unknown.syscallsPerEvent());
    assertTrue(BenchReport.costTable(List.of(unknown)).lines().reduce((a, b) -> b).orElseThrow().endsWith("—"));
  }

  @Test
  void theTableSaysItShowsMedians() {
    var m = ScenarioResult.median(List.of(run(100, 1.0, "a"), run(300, 3.0, "b"), run(200, 2.0, "c")));
    String table = BenchReport.table(List.of(m));
    assertEquals("Each figure is the median of 3 interleaved runs.", table.lines().findFirst().orElseThrow());
  }
}
