package io.relayscope.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A report's figures are its window's: a client that was sent 50 events before the window and 10 in
 * it was "sent 60 frames" in a report of those 10 (its whole life, from its close), beside "Events
 * received 10".
 */
class WindowFiguresTest {
  @Test
  void framesSentCountOnlyTheWindow() throws Exception {
    try (var relay = TestRelay.start(); var sender = relay.sender()) {
      var client = RecordingClient.connect(relay.wsUrl());
      for (int i = 1; i <= 50; i++) sender.send(EventSender.numbered(i, 100));
      JournalFact before = awaitSends(relay, 50);
      long from = before.atMillis() + 1; // its SENDS fact covers everything up to it: the window starts after
      await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() > from);
      for (int i = 51; i <= 60; i++) sender.send(EventSender.numbered(i, 100));
      await().until(() -> client.eventTexts().size() == 60);
      client.closeBlocking();
      await().until(() -> !relay.core.journal().recent(10, f -> f.kind() == FactKind.CLIENT_CLOSED).isEmpty());
      List<JournalFact> facts = relay.core.journal().recent(100_000, f -> true);
      long to = facts.get(facts.size() - 1).atMillis() + 1;

      var analysis = IncidentAnalysis.of(facts, from, to);
      var c = analysis.clients().get(0);
      assertThat(c.framesSent()).as("frames sent in the window").isEqualTo(10);
      assertThat(MarkdownReport.of(analysis)).contains("- sent 10 frames (").contains("in the window");
    }
  }

  /** The client's SENDS fact that reports event {@code lastSeq} written. */
  private static JournalFact awaitSends(TestRelay relay, long lastSeq) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> relay.core.journal().recent(1000, f -> f.kind() == FactKind.SENDS
        && ((Number) f.fields().get("last_seq")).longValue() == lastSeq).stream().findFirst().orElse(null), java.util.Objects::nonNull);
  }
}
