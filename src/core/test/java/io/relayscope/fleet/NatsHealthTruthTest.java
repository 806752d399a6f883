package io.relayscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.support.EventSender;
import io.relayscope.support.FleetRelay;
import io.relayscope.support.NatsServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What the relay says of its NATS link is what is true: a server that stops answering (SIGSTOP,
 * sockets open) is declared down within seconds, journaled and shown in /health; once the link is
 * back, /health no longer shows the outage's error.
 */
class NatsHealthTruthTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aPausedServerIsReportedDownWithinSecondsAndTheLinkRecovers() throws Exception {
    try (var nats = NatsServer.start(); var a = FleetRelay.start(nats.url(), "gpu-1"); var sender = a.relay.sender()) {
      sender.send(EventSender.numbered(1, 100));
      await().atMost(WAIT).until(() -> a.node.health().published() == 1);
      long paused = System.nanoTime();
      nats.pause();
      try {
        await().atMost(WAIT).until(() -> a.node.health().status().equals("disconnected"));
        // Pings 2 s apart, down after 2 unanswered: about 4-8 s; the bound is generous for a loaded machine.
        assertThat(Duration.ofNanos(System.nanoTime() - paused)).isLessThan(Duration.ofSeconds(15));
        var down = a.relay.core.journal().recent(10, f -> f.kind() == FactKind.NATS_DISCONNECTED);
        assertThat(down).hasSize(1);
        assertThat(down.get(0).fields().get("error")).asString().containsIgnoringCase("ping");
        assertThat(a.relay.get("/health").body()).contains("\"nats\":{\"status\":\"disconnected\"");
        for (int i = 2; i <= 11; i++) sender.send(EventSender.numbered(i, 100));
      } finally {
        nats.resume();
      }
      await().atMost(WAIT).until(() -> a.node.health().published() == 11);
      assertThat(a.node.health().status()).isEqualTo("connected");
      assertThat(a.node.health().lost()).isZero();
      assertThat(a.relay.core.journal().recent(10, f -> f.kind() == FactKind.NATS_RECONNECTED)).hasSize(1);
      assertThat(a.node.health().lastError()).isNull();
    }
  }

  @Test
  void afterAReconnectHealthNoLongerShowsTheOutagesError() throws Exception {
    try (var nats = NatsServer.start(); var a = FleetRelay.start(nats.url(), "gpu-1")) {
      nats.stop();
      await().atMost(WAIT).until(() -> a.node.health().status().equals("disconnected"));
      await().atMost(WAIT).until(() -> a.node.health().lastError() != null);
      String outage = a.node.health().lastError();
      nats.restart();
      await().atMost(WAIT).until(() -> a.node.health().status().equals("connected"));
      assertThat(a.node.health().lastError()).isNull();
      assertThat(a.relay.get("/health").body()).doesNotContain(outage);
      // What the outage was stays in the journal: the reconnection fact names it.
      var back = a.relay.core.journal().recent(10, f -> f.kind() == FactKind.NATS_RECONNECTED);
      assertThat(back).hasSize(1);
      assertThat(back.get(0).fields().get("after")).isEqualTo(outage);
    }
  }
}
