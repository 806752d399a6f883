package io.relayscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet scenarios as {@code relayscope bench --strategy fleet,nats-stopped} runs them: real nats-server, relays in their own JVMs. */
class FleetBenchTest {
  @Test
  void eventsSentToNodeAReachEveryClientOfNodeBAndAStoppedNatsCostsTheLocalClientsNoEvent() throws Exception {
    var log = new StringWriter();
    var bench = new Bench(List.of("-Xmx256m"), List.of(Strategy.FLEET, Strategy.NATS_STOPPED), new PrintWriter(log, true), 2, 1);
    List<ScenarioResult> results = bench.run(List.of(Scenario.custom(3, 0, 300, 200, 2)));

    ScenarioResult fleet = results.get(0);
    assertEquals("fleet", fleet.strategy());
    assertEquals(600 - fleet.lostAtSender(), fleet.deliveredMinPerHealthy(), log.toString());
    assertTrue(fleet.p50Ms() > 0 && fleet.p50Ms() <= fleet.p99Ms(), log.toString());
    ScenarioResult stopped = results.get(1);
    assertEquals(600 - stopped.lostAtSender(), stopped.deliveredMinPerHealthy(), log.toString());
    // Node A said what it did with NATS: nothing lost, what it could not publish is buffered.
    assertTrue(log.toString().contains("node A (nats-stopped): nats connected"), log.toString());
    assertTrue(log.toString().matches("(?s).*node A \\(nats-stopped\\).*lost 0\\n.*"), log.toString());
  }
}
