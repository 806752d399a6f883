package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.metrics.ClientState;
import io.relayscope.support.ManualTime;
import io.relayscope.support.RawWsClient;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Keepalive and the send deadline decide by time: here the relay's time is stepped by hand, so each
 * test says exactly when a client must still be there and when it must be gone, on any machine.
 * Real sockets, real clients; only the clock is the test's.
 */
class RelayTimingTest {

  @Test
  void aClientThatAnswersNoPingIsClosedWith4009OnlyOnceTheKeepaliveTimeoutHasPassed() throws Exception {
    var time = new ManualTime();
    try (var relay = TestRelay.start(time, r -> r.withKeepalive(Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(15)))) {
      var deaf = new RecordingClient(relay.wsUrl(), false, Map.of());
      assertThat(deaf.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      var healthy = RecordingClient.connect(relay.wsUrl());
      await().until(() -> relay.core.snapshot().clients().size() == 2);

      step(time, Duration.ofMillis(14_900));
      assertThat(deaf.isOpen()).as("14.9 s without a pong: inside the keepalive timeout").isTrue();
      step(time, Duration.ofMillis(5200)); // the ping at 20 s, after more than 15 s of silence, closes it
      assertThat(deaf.closed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(deaf.closeCode).isEqualTo(CloseCodes.KEEPALIVE_TIMEOUT);
      assertThat(deaf.closeReason).startsWith("no pong for 20.0 s");
      assertThat(healthy.isOpen()).as("pinged on its own schedule, it answers").isTrue();
      assertThat(relay.core.snapshot().relay().keepaliveCloses()).isEqualTo(1);
      healthy.close();
    }
  }

  @Test
  void aClientThatStopsReadingIsEvictedWith4008OnlyOnceItsFrameIsPastTheSendTimeout() throws Exception {
    var time = new ManualTime();
    try (var relay = TestRelay.start(time, r -> r); var stalled = RawWsClient.connect(relay.core.port())) {
      assertThat(stalled.read().text()).contains("\"initial\"");
      await().until(() -> relay.core.relay().connectionOf("c1") != null);
      try (var sender = relay.sender()) {
        // More than the kernel's buffers hold (well under the queue cap), and the client reads none of it.
        String pad = "x".repeat(3000);
        for (int i = 0; i < 500; i++) {
          sender.send("{\"machine_name\":\"m\",\"type\":\"state_change\",\"payload\":{\"pad\":\"" + pad + "\"}}");
        }
      }
      await().until(() -> relay.core.snapshot().clients().get(0).queueFrames() > 0);

      step(time, Duration.ofMillis(1900));
      var c = relay.core.snapshot().clients().get(0);
      assertThat(c.state()).as("flagged before the deadline").isEqualTo(ClientState.NOT_READING);
      assertThat(relay.core.snapshot().relay().evictions()).isZero();
      step(time, Duration.ofMillis(200));
      await().until(() -> relay.core.snapshot().relay().evictions() == 1);
      step(time, Duration.ofMillis(500)); // its Close cannot reach a client that reads nothing: the connection is ended
      await().until(() -> !relay.core.snapshot().recentlyClosed().isEmpty());
      assertThat(relay.core.snapshot().recentlyClosed()).singleElement().satisfies(gone -> {
        assertThat(gone.closeCode()).isEqualTo(CloseCodes.SLOW_CLIENT_EVICTED);
        assertThat(gone.closeReason()).startsWith("send deadline passed: frame unwritten for 2.");
      });
    }
  }

  /** Steps time in monitor ticks, as it would pass. */
  private static void step(ManualTime time, Duration d) {
    for (long done = 0; done < d.toMillis(); done += 50) time.advance(Duration.ofMillis(Math.min(50, d.toMillis() - done)));
  }
}
