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
 * One small scenario end to end, as {@code relayscope bench} runs it: both relays in their own JVMs,
 * real datagrams, real WebSocket clients on the selector pool, one stalled client. Asserts what the
 * report says, with bounds loose enough for a busy CI machine (timing targets are the benchmark's).
 */
class BenchTest {
  @Test
  void runsAScenarioAgainstRelayscopeAndTheBaselineAndReportsBoth(@TempDir Path dir) throws Exception {
    var log = new StringWriter();
    var bench = new Bench(List.of("-Xmx256m"), new PrintWriter(log, true));
    var scenario = Scenario.custom(5, 1, 500, 2048, 3);

    List<ScenarioResult> results = bench.run(List.of(scenario));

    assertEquals(2, results.size());
    ScenarioResult relayscope = results.get(0);
    ScenarioResult baseline = results.get(1);
    assertEquals("relayscope", relayscope.strategy());
    assertEquals("baseline", baseline.strategy());
    assertEquals(1500, relayscope.sent());
    // A stalled client costs the others nothing: every event reaches every healthy client.
    assertEquals(0, relayscope.lostAtSender(), log.toString());
    assertEquals(1500, relayscope.deliveredMinPerHealthy(), log.toString());
    assertEquals(0, relayscope.healthyClosed());
    assertTrue(relayscope.p50Ms() > 0 && relayscope.p50Ms() <= relayscope.p99Ms() && relayscope.p99Ms() <= relayscope.maxMs());
    // Evicted after the 2 s send timeout, measured from the relay's own /metrics.
    assertTrue(relayscope.evictionSeconds() >= 2.0 && relayscope.evictionSeconds() < 15, "evicted at " + relayscope.evictionSeconds());
    assertTrue(relayscope.relayCpuSeconds() > 0 && relayscope.relayPeakRssMb() > 0 && relayscope.benchCpuSeconds() > 0);
    assertTrue(relayscope.framesPerSecond() > 0);
    // The baseline waits up to 2 s on the stalled client for each event: the sender loses most of them.
    assertTrue(baseline.lostAtSender() > 0, "baseline lost " + baseline.lostAtSender());
    assertTrue(baseline.deliveredMinPerHealthy() < 1500);

    String table = Bench.table(results);
    assertTrue(table.contains("N=5 K=1 500/s 2KB") && table.contains("ratio b/r"), table);

    Path json = dir.resolve("bench.json");
    Bench.writeJson(results, json);
    var root = new ObjectMapper().readTree(Files.readString(json));
    assertEquals(2, root.get("results").size());
    assertEquals(1500, root.get("results").get(0).get("deliveredMinPerHealthy").asLong());
  }
}
