package io.relayscope.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.export.Block;
import io.relayscope.export.IncidentAnalysis;
import io.relayscope.journal.JournalReader;
import io.relayscope.support.EventSender;
import io.relayscope.support.OldJournal;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeline draws a client's block where the report says it began, turned NOT READING and ended. */
class TimelineBlocksTest {
  @TempDir Path tmp;

  @Test
  void stallSpansStartWhereTheReportSaysTheBlockStarted() throws Exception {
    Path dir = tmp.resolve("journal");
    try (var relay = TestRelay.start(c -> c.withJournal(dir, 64L * 1024 * 1024, 8),
        r -> r.withSendTimeout(Duration.ofSeconds(1)).withSocketSendBuffer(4096))) {
      var healthy = RecordingClient.connect(relay.wsUrl());
      var stalled = StalledClient.connect(relay.core.port());
      await().until(() -> relay.core.snapshot().clients().size() == 2);
      try (var sender = relay.sender()) {
        for (int i = 1; i <= 40; i++) sender.send(EventSender.numbered(i, 1200));
      }
      await().atMost(10, TimeUnit.SECONDS).until(() -> relay.core.snapshot().relay().evictions() == 1);
      await().atMost(10, TimeUnit.SECONDS).until(() -> healthy.eventTexts().size() == 40);
      healthy.closeBlocking();
      stalled.close();
      await().atMost(10, TimeUnit.SECONDS).until(() -> relay.core.snapshot().clients().isEmpty());
    }
    var facts = JournalReader.read(dir, Long.MIN_VALUE, Long.MAX_VALUE).facts();
    var timeline = TimelineData.of(facts);
    var analysis = IncidentAnalysis.of(facts.stream().map(f -> f.fact()).toList(), Long.MIN_VALUE, Long.MAX_VALUE);
    Block block = analysis.blocks().get(0);
    assertThat(block.stalled()).isTrue();
    assertThat(block.endedBy()).isEqualTo("evicted");
    var spans = timeline.marks(System.currentTimeMillis()).stream().filter(Mark::isSpan)
        .filter(m -> m.kind() == Mark.Kind.LAGGING_SPAN || m.kind() == Mark.Kind.NOT_READING_SPAN).toList();
    // One block: where it starts, where STALLED starts and where it ends are the report's own times.
    assertThat(spans.stream().mapToLong(Mark::startMillis).min().orElseThrow()).isEqualTo(block.startMillis());
    var stalledSpan = spans.stream().filter(m -> m.kind() == Mark.Kind.NOT_READING_SPAN).findFirst().orElseThrow();
    assertThat(stalledSpan.startMillis()).isEqualTo(block.stallStartMillis());
    assertThat(stalledSpan.endMillis()).isEqualTo(block.endMillis());
    // No span overlaps another: a SLOW that turns STALLED is one block, drawn once.
    for (var a : spans) {
      for (var b : spans) if (a != b) assertThat(a.endMillis() <= b.startMillis() || b.endMillis() <= a.startMillis()).isTrue();
    }
  }

  @Test
  void anOldJournalIsDrawnInTheConsolesWords() throws Exception {
    Path dir = tmp.resolve("old");
    OldJournal.write(dir);
    var timeline = TimelineData.of(JournalReader.read(dir, Long.MIN_VALUE, Long.MAX_VALUE).facts());
    var labels = timeline.marks(System.currentTimeMillis()).stream().map(Mark::label).toList();
    assertThat(labels).anyMatch(l -> l.startsWith("LAGGING")).anyMatch(l -> l.startsWith("NOT READING")).contains("send took 312 ms");
    assertThat(String.join("\n", labels)).doesNotContainPattern("\\bSLOW\\b|STALLED|(?i:stalled)|(?i:blocked)");
    // The incident list tells each episode in the same words, ends included. c5's keepalive close had no
    // episode in this old journal (no flag before it): the report's "What the relay did" tells it.
    assertThat(timeline.incidents()).extracting(Incident::what).satisfiesExactly(
        w -> assertThat(w).startsWith("c4 LAGGING → NOT READING from ").endsWith(", recovered"),
        w -> assertThat(w).startsWith("c4 NOT READING from ").endsWith(", evicted (4008)"));
  }

  @Test
  void eachRelayRunsClientsHaveTheirOwnLanes() throws Exception {
    Path dir = tmp.resolve("journal-runs");
    // Two runs of a relay on one journal: client ids restart, so each run has its own c1.
    for (int run = 0; run < 2; run++) {
      try (var relay = TestRelay.start(c -> c.withJournal(dir, 64L * 1024 * 1024, 8), r -> r)) {
        var client = RecordingClient.connect(relay.wsUrl());
        await().until(() -> !client.ofType("initial").isEmpty());
        client.closeBlocking();
        await().atMost(10, TimeUnit.SECONDS).until(() -> relay.core.snapshot().recentlyClosed().size() == 1);
      }
    }
    var timeline = TimelineData.of(JournalReader.read(dir, Long.MIN_VALUE, Long.MAX_VALUE).facts());
    assertThat(timeline.lanes()).contains("client:c1", "client:c1@run2").doesNotContain("client:c2");
  }
}
