package io.relayscope.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.support.EventSender;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An export taken between a client's eviction and its close (the Close has a grace period, so the
 * close fact comes later): the client is lost, everything it had not taken is missed — not "still
 * connected" with events "on their way", which is what a report said when an operator exported the
 * moment the console showed the eviction.
 */
class EvictedBeforeCloseReportTest {
  private static final int EVENTS = 300;

  @Test
  void aClientEvictedButNotYetClosedIsLostAndMissedWhatItHadNotTaken() throws Exception {
    try (var relay = TestRelay.start(r -> r.withSendTimeout(Duration.ofSeconds(1)));
        var stalled = StalledClient.connect(relay.core.port())) {
      await().until(() -> relay.core.snapshot().clients().size() == 1);
      try (var sender = relay.sender()) {
        for (int n = 0; n < EVENTS; n++) sender.send(EventSender.numbered(n, 4096));
      }
      await().atMost(Duration.ofSeconds(30))
          .until(() -> !relay.core.journal().recent(1, f -> f.kind() == FactKind.CLIENT_EVICTED).isEmpty());
      await().until(() -> relay.core.journal().recent(1, f -> f.kind() == FactKind.CLIENT_CLOSED).size() == 1);

      // The journal as it stood just after the eviction: everything up to it, the close not yet in it.
      List<JournalFact> all = relay.core.journal().recent(1_000_000, f -> true);
      JournalFact evicted = all.stream().filter(f -> f.kind() == FactKind.CLIENT_EVICTED).findFirst().orElseThrow();
      JournalFact closed = all.stream().filter(f -> f.kind() == FactKind.CLIENT_CLOSED).findFirst().orElseThrow();
      List<JournalFact> upToEviction = all.stream().filter(f -> f.id() <= evicted.id()).toList();
      assertThat(upToEviction).noneMatch(f -> f.kind() == FactKind.CLIENT_CLOSED);
      long received = upToEviction.stream().filter(f -> f.kind() == FactKind.EVENT_RECEIVED).count();
      assertThat(received).as("every event reached the relay before it evicted").isEqualTo(EVENTS);

      var early = new IncidentExport(IncidentExport.of(upToEviction), upToEviction.get(0).atMillis(), evicted.atMillis() + 1);
      var client = early.analysis().clients().get(0);
      long taken = ((Number) evicted.fields().get("last_seq")).longValue(); // what its socket had taken when evicted
      assertThat(client.end()).isEqualTo(IncidentAnalysis.END_EVICTED);
      assertThat(client.lost()).isTrue();
      assertThat(client.pending()).isZero();
      assertThat(client.shouldHaveGot()).isEqualTo(EVENTS);
      assertThat(client.got()).isEqualTo(taken);
      assertThat(client.missed()).isEqualTo(EVENTS - taken).isPositive();

      var out = new ByteArrayOutputStream();
      early.write(IncidentExport.Format.md, out);
      String report = out.toString(StandardCharsets.UTF_8);
      assertThat(report).contains("**Clients lost**: 1").contains("**Messages lost**: " + (EVENTS - taken))
          .doesNotContain("still connected").doesNotContain("on their way");

      // Once the close is recorded the report counts from it (a batch already in the socket's hands
      // when the relay evicted may still have gone out): never more taken than events, never fewer than at the eviction.
      var later = new IncidentExport(IncidentExport.of(all), all.get(0).atMillis(), closed.atMillis() + 1);
      var same = later.analysis().clients().get(0);
      long takenByClose = ((Number) closed.fields().get("last_seq")).longValue();
      assertThat(same.got()).isEqualTo(takenByClose).isBetween(taken, (long) EVENTS);
      assertThat(same.missed()).isEqualTo(EVENTS - takenByClose);
    }
  }
}
