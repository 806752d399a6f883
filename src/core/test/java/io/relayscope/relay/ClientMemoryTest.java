package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An idle client costs the relay little heap: its histograms must not dominate it (issue #12, item 4). */
class ClientMemoryTest {
  private static final int CLIENTS = 500;
  static final long MAX_BYTES_PER_IDLE_CLIENT = 16 * 1024;

  @Test
  void fiveHundredIdleClientsCostAtMostSixteenKilobytesEach() throws Exception {
    // Clients that never read answer no keepalive ping: connecting 500 of them on a loaded machine took
    // longer than the keepalive timeout, and the first ones were closed (4009) before the count was reached.
    try (var relay = TestRelay.start(r -> r.withKeepalive(r.jsonPingInterval(), r.keepaliveInterval(), java.time.Duration.ofMinutes(10)))) {
      StalledClient.connect(relay.core.port()).close(); // warm up: pools and classes count in the baseline
      await().atMost(20, TimeUnit.SECONDS).until(() -> relay.core.snapshot().clients().isEmpty());
      long before = usedHeapAfterGc();
      var clients = new ArrayList<StalledClient>();
      try {
        for (int i = 0; i < CLIENTS; i++) clients.add(StalledClient.connect(relay.core.port()));
        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> assertThat(relay.core.snapshot().clients())
            .as(() -> "closed meanwhile: " + relay.core.snapshot().recentlyClosed()).hasSize(CLIENTS));
        long after = usedHeapAfterGc();
        long perClient = (after - before) / CLIENTS;
        System.out.printf("idle clients: %d, heap %d KB -> %d KB, %d bytes per client%n", CLIENTS, before >> 10,
            after >> 10, perClient);
        assertThat(perClient).isLessThanOrEqualTo(MAX_BYTES_PER_IDLE_CLIENT);
      } finally {
        for (var c : clients) c.close();
      }
    }
  }

  static long usedHeapAfterGc() {
    var memory = ManagementFactory.getMemoryMXBean();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      if (Math.abs(last - used) < 64 * 1024) return used;
      last = used;
    }
    return last;
  }
}
