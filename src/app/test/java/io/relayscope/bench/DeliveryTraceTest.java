package io.relayscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --trace-dir}: every delivery of a measured run, from real clients of a real relay. */
class DeliveryTraceTest {
  @Test
  void writesEveryDeliveryOfEachMeasuredRunInOrderPerClient(@TempDir Path dir) throws Exception {
    var log = new StringWriter();
    Path traces = dir.resolve("traces");
    var bench = new Bench(List.of("-Xmx256m"), List.of(Strategy.RELAYSCOPE, Strategy.RECEIVE_ONLY), new PrintWriter(log, true), 1, 1)
        .traceDeliveries(traces);

    ScenarioResult relayscope = bench.run(List.of(Scenario.custom(3, 0, 500, 200, 1))).get(0);

    // One file: the priming run is not measured, and the floor delivers nothing to trace.
    List<Path> files;
    try (var list = Files.list(traces)) {
      files = list.toList();
    }
    assertEquals(List.of(traces.resolve("01-N-3-K-0-500-s-200B-relayscope.csv")), files, log.toString());
    assertTrue(log.toString().contains("deliveries: " + files.get(0)), log.toString());
    assertTrue(log.toString().contains("stall episode") && log.toString().contains("outside: p50 "), log.toString());
    List<String> lines = Files.readAllLines(files.get(0));
    assertEquals("sent_ms,latency_ms,client", lines.get(0));
    long delivered = 500 - relayscope.lostAtSender();
    assertEquals(0, relayscope.healthyClosed(), log.toString());
    assertEquals(3 * delivered, lines.size() - 1, log.toString());

    var lastSent = new HashMap<Integer, Double>();
    var perClient = new HashMap<Integer, Integer>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      double sent = Double.parseDouble(f[0]);
      double latency = Double.parseDouble(f[1]);
      int client = Integer.parseInt(f[2]);
      assertTrue(sent >= 0 && sent < 60_000 && latency >= 0 && latency < 60_000, line);
      // Each client has the events in the order they were sent.
      assertTrue(sent > lastSent.getOrDefault(client, -1.0), "client " + client + " out of order at " + line);
      lastSent.put(client, sent);
      perClient.merge(client, 1, Integer::sum);
    }
    assertEquals(java.util.Map.of(0, (int) delivered, 1, (int) delivered, 2, (int) delivered), perClient);
  }

  @Test
  void keepsWhatFitsAndCountsTheRest(@TempDir Path dir) throws Exception {
    var trace = new DeliveryTrace(2);
    trace.record(0, 1_000_000, 1_500_000);
    trace.record(1, 2_000_000, 4_250_000);
    trace.record(0, 3_000_000, 3_100_000);

    assertEquals(2, trace.kept());
    assertEquals(1, trace.dropped());
    Path file = dir.resolve("t.csv");
    trace.write(file, 1_000_000);
    assertEquals(List.of("sent_ms,latency_ms,client", "0.000,0.500,0", "1.000,2.250,1"), Files.readAllLines(file));
  }
}
