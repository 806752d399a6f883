package io.relayscope.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The JSON export carries the analysis every rendering shares: one incident per episode, as the relay journaled it. */
class AnalysisExportTest {

  @Test
  void aStalledClientsEpisodeIsOneIncidentDatedByTheRelayAndEndedByItsEviction() throws Exception {
    try (var relay = TestRelay.start(r -> r.withSendTimeout(Duration.ofSeconds(1)))) {
      var healthy = RecordingClient.connect(relay.wsUrl());
      var stalled = StalledClient.connect(relay.core.port());
      await().until(() -> relay.core.snapshot().clients().size() == 2);
      try (var sender = relay.sender()) {
        for (int n = 0; relay.core.snapshot().relay().evictions() == 0 && n < 20_000; n++) {
          sender.send(EventSender.numbered(n, 3000));
          if (n % 50 == 0) Thread.onSpinWait();
        }
      }
      await().until(() -> relay.core.snapshot().relay().evictions() == 1);
      String stalledId = relay.core.journal().recent(10, f -> f.kind() == FactKind.CLIENT_EVICTED).get(0).subject();
      await().until(() -> relay.core.snapshot().recentlyClosed().stream().anyMatch(c -> c.id().equals(stalledId)));
      JournalFact flag = relay.core.journal().recent(100_000, f -> f.subject().equals(stalledId)
          && (f.kind() == FactKind.CLIENT_LAGGING || f.kind() == FactKind.CLIENT_NOT_READING)).get(0);

      var facts = relay.core.journal().recent(1_000_000, f -> true);
      var export = new IncidentExport(IncidentExport.of(facts), facts.get(0).atMillis(), System.currentTimeMillis() + 1);
      var out = new ByteArrayOutputStream();
      export.write(IncidentExport.Format.json, out);
      JsonNode analysis = new ObjectMapper().readTree(out.toByteArray()).path("analysis");

      var mine = new java.util.ArrayList<JsonNode>();
      analysis.path("incidents").forEach(i -> {
        if (i.path("client").asText().contains(stalledId)) mine.add(i);
      });
      assertThat(mine).as(analysis.toString()).singleElement().satisfies(i -> {
        assertThat(i.path("start_ms").asLong()).isEqualTo(((Number) flag.fields().get("since_ms")).longValue());
        assertThat(i.path("outcome").asText()).isEqualTo("evicted");
        assertThat(i.path("close_code").asInt()).isEqualTo(4008);
        // LAGGING or NOT READING or both: a flood can fill its queue's cap before NOT READING, and a first
        // sample late on a busy machine finds 0.5 s of evidence at once (NOT READING with no LAGGING before).
        assertThat(i.path("states").toString()).containsAnyOf("LAGGING", "NOT READING");
      });
      assertThat(analysis.path("clients").size()).isEqualTo(2);
      healthy.close();
      stalled.close();
    }
  }
}
