package io.relayscope.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The event socket file deleted under a running relay is bound again within seconds. */
class SocketRebindTest {
  @Test
  void deletedSocketFileIsBoundAgainAndEventsFlow() throws Exception {
    try (var relay = TestRelay.start()) {
      var client = RecordingClient.connect(relay.wsUrl());
      try (var sender = relay.sender()) {
        sender.send(EventSender.stateChange("m", "a", "b", "before"));
      }
      await().until(() -> client.eventTexts().size() == 1);

      Files.delete(relay.socket); // an over-eager cleanup script, say
      await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(relay.socket));
      // The warning is journaled once the socket is back (on a loaded machine, a moment after the file shows).
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(relay.core.journal().recent(100, f -> f.kind() == FactKind.INGEST_WARNING))
          .anyMatch(f -> String.valueOf(f.fields().get("error")).contains("deleted under the relay")));

      // An engine connecting now reaches the relay again.
      try (var sender = relay.sender()) {
        sender.send(EventSender.stateChange("m", "b", "c", "after"));
      }
      await().until(() -> client.eventTexts().size() == 2);
      assertThat(client.eventTexts().get(1)).contains("\"after\"");
      assertThat(relay.core.snapshot().relay().eventSocketBound()).isTrue();
      client.close();
    }
  }
}
