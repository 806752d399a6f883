package io.relayscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One small scenario end to end, as {@code relayscope bench} runs it: every strategy in its own JVM,
 * real datagrams, real WebSocket clients on the selector pool, one stalled client. Asserts what the
 * report says, with bounds loose enough for a busy CI machine (timing targets are the benchmark's).
 */
class BenchTest {
  @Test
  void runsAScenarioAgainstRelayscopeAndBothBaselinesAndReportsThemAll(@TempDir Path dir) throws Exception {
    var log = new StringWriter();
    // No fast warm-up (only the scenario's own 500/s until the compilers rest): at ~10,000 events/s to
    // five readers, a loaded CI machine's relay fell 8 MB behind one reader that kept up, and closed it
    // (queue over cap, JDK 25). What the relay does when the machine cannot carry the load is the
    // benchmark's finding; this test is about a stalled client costing the healthy ones nothing.
    var bench = new Bench(List.of("-Xmx256m"), List.of(Strategy.RELAYSCOPE, Strategy.RELAYSCOPE_NO_JOURNAL, Strategy.SEQUENTIAL, Strategy.SINGLE_THREAD,
        Strategy.RECEIVE_ONLY), new PrintWriter(log, true), 0, 1);
    var scenario = Scenario.custom(5, 1, 500, 2048, 3);

    List<ScenarioResult> results = bench.run(List.of(scenario));

    assertEquals(5, results.size());
    ScenarioResult relayscope = results.get(0);
    ScenarioResult noJournal = results.get(1);
    ScenarioResult baseline = results.get(2);
    ScenarioResult singleThread = results.get(3);
    ScenarioResult floor = results.get(4);
    assertEquals(List.of("relayscope", "no-journal", "sequential", "single-thread", "receive-only"),
        results.stream().map(ScenarioResult::strategy).toList());
    // First why a healthy client was closed, if one was: a delivery count of 0 alone does not say
    // (once in CI, with the machine loaded, one of them had received nothing).
    assertEquals(java.util.Map.of(), relayscope.healthyCloseCauses(), log.toString());
    assertEquals(java.util.Map.of(), noJournal.healthyCloseCauses(), log.toString());
    assertEquals(1500 - noJournal.lostAtSender(), noJournal.deliveredMinPerHealthy(), log.toString());
    assertEquals(1500, relayscope.sent());
    // A stalled client costs the others nothing: every event the relay took in reaches every healthy
    // client. (What the sender loses on a busy machine is the benchmark's figure, not this test's.)
    assertEquals(1500 - relayscope.lostAtSender(), relayscope.deliveredMinPerHealthy(), log.toString());
    assertEquals(0, relayscope.healthyClosed());
    assertTrue(relayscope.p50Ms() > 0 && relayscope.p50Ms() <= relayscope.p99Ms() && relayscope.p99Ms() <= relayscope.maxMs());
    // Evicted after the 2 s send timeout, measured from the relay's own /metrics.
    assertTrue(relayscope.evictionSeconds() >= 2.0 && relayscope.evictionSeconds() < 15, "evicted at " + relayscope.evictionSeconds());
    assertTrue(relayscope.relayCpuSeconds() > 0 && relayscope.relayPeakRssMb() > 0 && relayscope.benchCpuSeconds() > 0);
    assertTrue(relayscope.framesPerSecond() > 0);
    // Each event taken in wakes a thread or more, and costs at least its receive call.
    assertTrue(relayscope.switchesPerEvent() > 0, "switches " + relayscope.relayCost());
    long syscalls = relayscope.relayCost().syscalls();
    assertTrue(syscalls == -1 || syscalls >= relayscope.accepted(), "syscalls " + syscalls + " for " + relayscope.accepted());
    // The baseline waits up to 2 s on the stalled client for each event once its buffers are full: the
    // sender loses what comes meanwhile. (How many, against Relayscope's loss, is the benchmark's figure:
    // on a loaded machine Relayscope's sender lost as many as the baseline's, 112, for its own wake-ups.)
    assertTrue(baseline.lostAtSender() > 0, "baseline lost " + baseline.lostAtSender());
    assertTrue(baseline.deliveredMinPerHealthy() < 1500);
    // The single-threaded loop waits 2 s on the stalled client once, then drops it: it loses what
    // the engine sent meanwhile, and its healthy clients get the rest.
    assertTrue(singleThread.lostAtSender() > 0, "single-thread lost " + singleThread.lostAtSender());
    assertEquals(1500 - singleThread.lostAtSender(), singleThread.deliveredMinPerHealthy(), log.toString());

    // The floor receives every datagram it can and sends nothing on: no deliveries, no latency.
    assertEquals(1500, floor.sent());
    assertEquals(0, floor.deliveredMinPerHealthy());
    assertEquals(-1, floor.p50Ms());
    assertTrue(floor.relayCpuSeconds() > 0);

    // Where the time went, by thread, from /proc: the relay's own threads and the benchmark's sender.
    assertTrue(relayscope.relayThreadCpuSeconds().containsKey("relay-hub")
        || relayscope.relayThreadCpuSeconds().containsKey("relay-ingest-da"), relayscope.relayThreadCpuSeconds().toString());
    assertTrue(singleThread.relayThreadCpuSeconds().containsKey("java"), singleThread.relayThreadCpuSeconds().toString());
    assertTrue(relayscope.benchThreadCpuSeconds().containsKey("java"), relayscope.benchThreadCpuSeconds().toString());
    assertTrue(log.toString().contains("[priming]"), "the first run in a fresh benchmark JVM is not measured: " + log);
    assertTrue(BenchReport.threadTable(results).contains("(bench)"));
    // The whole machine over the same window: at least what the relay and the benchmark used themselves
    // (the timer-sampled busy fields of /proc/stat gave 83 % of it on this VM; the window less idle does not).
    // Steal counts too: a process's CPU time includes what the hypervisor took from its vCPU while it ran,
    // which /proc/stat books as steal (CI on a contended VM: busy 0.4 s, steal 2.9 s, the processes 1.5 s).
    var machine = relayscope.machineCpu();
    assertTrue(machine.busySeconds() + machine.stealSeconds()
        >= 0.9 * (relayscope.relayCpuSeconds() + relayscope.benchCpuSeconds()) - 0.05,
        machine + " vs relay " + relayscope.relayCpuSeconds() + " + bench " + relayscope.benchCpuSeconds());
    assertTrue(BenchReport.threadTable(results).contains("(machine)"));

    String table = BenchReport.table(results);
    assertTrue(table.contains("N=5 K=1 500/s 2KB") && table.contains("sequential/relayscope")
        && table.contains("single-thread/relayscope") && table.contains("no-journal/relayscope"), table);
    String floorRow = table.lines().filter(l -> l.contains(" receive-only ")).findFirst().orElseThrow();
    assertTrue(floorRow.contains("—"), "no latency shows as —, not 0 ms: " + floorRow);

    Path json = dir.resolve("bench.json");
    BenchReport.writeJson(results, List.of(), json);
    var root = new ObjectMapper().readTree(Files.readString(json));
    assertEquals(5, root.get("results").size());
    assertEquals(relayscope.deliveredMinPerHealthy(), root.get("results").get(0).get("deliveredMinPerHealthy").asLong());
    assertTrue(root.get("results").get(0).get("relayThreadCpuSeconds").size() > 0);
    assertTrue(root.get("results").get(0).get("machineCpu").get("busySeconds").asDouble() > 0);
  }
}
