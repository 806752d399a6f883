package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.EventSender;
import io.relayscope.support.StalledClient;
import io.relayscope.support.Fds;
import io.relayscope.support.TestRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Thousands of connections and evictions later, descriptors, threads and heap are back where they were. */
class LeakTest {
  private static final int CYCLES = 2000;
  private static final int EVICTIONS = 20;

  @Test
  void connectDisconnectAndEvictionCyclesLeaveNothingBehind() throws Exception {
    try (var relay = TestRelay.start(r -> r.withSendTimeout(Duration.ofMillis(500)).withSocketSendBuffer(4096))) {
      // Warm up once so lazily created pools and classes count in the baseline.
      StalledClient.connect(relay.core.port()).close();
      await().until(() -> relay.core.snapshot().clients().isEmpty());
      long fds = Fds.open();
      int threads = Thread.activeCount();
      long heap = usedHeapAfterGc();

      for (int i = 0; i < CYCLES; i++) {
        StalledClient.connect(relay.core.port()).close(); // full handshake, then gone
      }
      var stalled = new ArrayList<StalledClient>();
      for (int i = 0; i < EVICTIONS; i++) stalled.add(StalledClient.connect(relay.core.port()));
      try (var sender = relay.sender()) {
        for (int n = 0; n < 300; n++) sender.send(EventSender.numbered(n, 2048));
      }
      // At least the stalled ones: on a busy machine a cycled client the relay has not yet seen go
      // can be evicted too.
      await().atMost(60, TimeUnit.SECONDS).until(() -> relay.core.snapshot().relay().evictions() >= EVICTIONS);
      for (var s : stalled) s.close();
      await().atMost(30, TimeUnit.SECONDS).until(() -> relay.core.snapshot().clients().isEmpty());
      assertThat(relay.core.snapshot().relay().clientsConnectedTotal()).isEqualTo(1 + CYCLES + EVICTIONS);

      await().atMost(20, TimeUnit.SECONDS).until(() -> Fds.open() <= fds + 5);
      // Precisely: of the relay's sockets only its listener is left.
      await().atMost(20, TimeUnit.SECONDS).until(() -> Fds.tcpOnPort(relay.core.port()) == 1);
      await().atMost(20, TimeUnit.SECONDS).until(() -> Thread.activeCount() <= threads + 2);
      long after = usedHeapAfterGc();
      System.out.printf("leak check: fds %d -> %d, threads %d -> %d, heap %d MB -> %d MB%n", fds, Fds.open(), threads,
          Thread.activeCount(), heap >> 20, after >> 20);
      // The recently-closed list (bounded at 1,000) and the journal ring legitimately hold some.
      assertThat(after - heap).isLessThan(64L << 20);
    }
  }

  private static long usedHeapAfterGc() {
    var rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }
}
