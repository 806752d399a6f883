package io.relayscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactCodec;
import io.relayscope.journal.FactKind;
import io.relayscope.support.EventSender;
import io.relayscope.support.FleetRelay;
import io.relayscope.support.NatsServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A password given in --nats never leaves the process: not in the journal (so not in RELAYSCOPE_FACTS), /health or /metrics. */
class NatsSecretTest {
  private static final String PASSWORD = "s3cret-PW-7f3a";

  @Test
  void thePasswordInTheNatsUrlIsInNoFactNorAnswerAcrossAReconnect() throws Exception {
    try (var nats = NatsServer.start("authorization { user: relay, password: \"" + PASSWORD + "\" }")) {
      try (var a = FleetRelay.start(nats.url("relay", PASSWORD), "gpu-1"); var sender = a.relay.sender()) {
        sender.send(EventSender.numbered(1, 100));
        await().atMost(Duration.ofSeconds(30)).until(() -> a.node.health().published() == 1);
        nats.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> a.node.health().status().equals("disconnected"));
        nats.restart();
        await().atMost(Duration.ofSeconds(30))
            .until(() -> !a.relay.core.journal().recent(10, f -> f.kind() == FactKind.NATS_RECONNECTED).isEmpty());

        var facts = a.relay.core.journal().recent(100_000, f -> true);
        assertThat(facts).isNotEmpty().noneMatch(f -> FactCodec.encode(f).contains(PASSWORD));
        assertThat(a.relay.core.journal().recent(10, f -> f.kind() == FactKind.NATS_RECONNECTED).get(0).fields().get("server"))
            .asString().contains("127.0.0.1").doesNotContain("relay:");
        assertThat(a.relay.get("/health").body()).doesNotContain(PASSWORD);
        assertThat(a.relay.get("/metrics").body()).doesNotContain(PASSWORD);
      }
    }
  }

  @Test
  void aRefusedPasswordIsNotInTheStartError() throws Exception {
    try (var nats = NatsServer.start("authorization { user: relay, password: \"" + PASSWORD + "\" }")) {
      String wrong = "wrong-" + PASSWORD;
      assertThatThrownBy(() -> FleetRelay.start(nats.url("relay", wrong), "gpu-1").close())
          .isInstanceOf(java.io.IOException.class)
          .hasMessageStartingWith("cannot connect to NATS at nats://127.0.0.1:" + nats.port)
          .hasMessageNotContaining(wrong);
    }
  }
}
