package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.metrics.ClientState;
import io.relayscope.metrics.ClientStats;
import io.relayscope.support.EventSender;
import io.relayscope.support.ManualTime;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The send deadline bounds every queue's age, and the record says whose fault a late frame was. Under
 * overload the relay's own queue ages while its readers keep up; a 1,000-reader bench saw 541 readers
 * that had kept up evicted as if they had stopped reading. Here the relay holds a frame for two clients
 * without handing it on — exactly what a hub that fell behind does — while one client has read
 * everything and the other nothing. Time is the test's, so the frame is exactly 3 s old against a 2 s
 * deadline.
 */
class SendDeadlineEvidenceTest {
  private static final Duration STEP = Duration.ofMillis(50);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

  @Test
  void bothAreEvictedAndOnlyTheClientThatStoppedReadingIsBlamed() throws Exception {
    var time = new ManualTime();
    try (var relay = TestRelay.start(time, r -> r.withSendTimeout(SEND_TIMEOUT)
        .withKeepalive(Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(10)));
        var pair = Pair.connect(relay)) {
      // Time stops once both are evicted: the close's grace then runs on no clock, so the reader gets
      // the relay's Close before its TCP ends (3 s of test time at once ended it 500 ms of test time
      // — microseconds — after the Close: 1006 on a busy machine).
      pair.holdOneFrame(relay, time, () -> relay.core.journal().recent(10, f -> f.kind() == FactKind.CLIENT_EVICTED).size() == 2, () -> { });

      await().until(() -> relay.core.snapshot().client(pair.stalledId).isEmpty() && relay.core.snapshot().client(pair.readerId).isEmpty());
      var evictions = relay.core.journal().recent(10, f -> f.kind() == FactKind.CLIENT_EVICTED);
      assertThat(evictions).hasSize(2);
      JournalFact reader = evictions.stream().filter(e -> e.subject().equals(pair.readerId)).findFirst().orElseThrow();
      JournalFact stalled = evictions.stream().filter(e -> e.subject().equals(pair.stalledId)).findFirst().orElseThrow();
      assertThat(reader.fields()).containsEntry("relay_behind", true);
      assertThat((String) reader.fields().get("reason")).startsWith("send deadline passed").contains("the relay fell behind");
      assertThat(stalled.fields()).containsEntry("relay_behind", false);
      assertThat((String) stalled.fields().get("reason")).startsWith("send deadline passed").doesNotContain("relay fell behind");
      assertThat(pair.reader.closed.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(pair.reader.closeCode).isEqualTo(CloseCodes.SLOW_CLIENT_EVICTED);
      assertThat(pair.reader.closeReason).contains("relay fell behind");
    }
  }

  /**
   * The byte and frame caps evict at once, and say whose fault it was as the deadline does: here the
   * relay holds frames for both clients until their queues are over the frame cap.
   */
  @Test
  void overTheCapBothAreEvictedAndOnlyTheClientThatStoppedReadingIsBlamed() throws Exception {
    var time = new ManualTime();
    try (var relay = TestRelay.start(time, r -> r.withSendTimeout(Duration.ofSeconds(30)).withClientQueue(1 << 20, 4)
        .withKeepalive(Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(10)));
        var pair = Pair.connect(relay)) {
      advance(time, Duration.ofSeconds(1)); // the kernel samples what each has read
      var overCap = relay.core.relay().overCapHandler();
      var frame = new FrameEncoder().text("{\"type\":\"held\"}".getBytes(StandardCharsets.UTF_8));
      for (String id : new String[] {pair.readerId, pair.stalledId}) {
        ClientSession session = relay.core.relay().sessionOf(id);
        for (int n = 0; n < 5; n++) session.enqueueDeferred(new OutboundFrame(frame.duplicate(), -1, time.nanos()), overCap);
      }
      for (int i = 0; i < 20 && relay.core.journal().recent(10, f -> f.kind() == FactKind.CLIENT_EVICTED).size() < 2; i++) {
        time.advance(STEP);
      }

      var evictions = relay.core.journal().recent(10, f -> f.kind() == FactKind.CLIENT_EVICTED);
      assertThat(evictions).hasSize(2);
      JournalFact reader = evictions.stream().filter(e -> e.subject().equals(pair.readerId)).findFirst().orElseThrow();
      JournalFact stalled = evictions.stream().filter(e -> e.subject().equals(pair.stalledId)).findFirst().orElseThrow();
      assertThat(reader.fields()).containsEntry("relay_behind", true);
      assertThat((String) reader.fields().get("reason")).startsWith("send queue over cap; the relay fell behind");
      assertThat(stalled.fields()).containsEntry("relay_behind", false);
      assertThat((String) stalled.fields().get("reason")).startsWith("send queue over cap (").doesNotContain("relay fell behind");
      assertThat(pair.reader.closed.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(pair.reader.closeCode).isEqualTo(CloseCodes.SLOW_CLIENT_EVICTED);
      assertThat(pair.reader.closeReason).contains("relay fell behind");
      // And the record of the close says the same as the eviction.
      await().until(() -> relay.core.journal().recent(10, f -> f.kind() == FactKind.CLIENT_CLOSED && f.subject().equals(pair.readerId)).size() == 1);
      assertThat((String) relay.core.journal().recent(10, f -> f.kind() == FactKind.CLIENT_CLOSED && f.subject().equals(pair.readerId))
          .get(0).fields().get("reason")).contains("relay fell behind");
    }
  }

  @Test
  void withSlowClientFlagTheClientThatReadEverythingIsNotMarkedNotReading() throws Exception {
    var time = new ManualTime();
    try (var relay = TestRelay.start(time, r -> r.withSendTimeout(SEND_TIMEOUT).withSlowClientPolicy(SlowClientPolicy.FLAG)
        .withKeepalive(Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(10)));
        var pair = Pair.connect(relay)) {
      // The reader is healthy in real time too: between steps it answers every probe ping it was sent.
      pair.holdOneFrame(relay, time, () -> false, () -> await().until(() -> !pair.readerSession.reading().probeOutstanding()));

      await().until(() -> relay.core.snapshot().client(pair.stalledId).map(c -> c.state() == ClientState.NOT_READING).orElse(false));
      // Its queue is past the soft mark, but nothing it was sent stayed unread: never flagged at all.
      // (A kernel sample taken just after a probe ping once found the ping's bytes unread and called it LAGGING.)
      assertThat(relay.core.snapshot().client(pair.readerId)).hasValueSatisfying(c -> assertThat(c.state()).isEqualTo(ClientState.OPEN));
      assertThat(relay.core.journal().recent(100, f -> f.subject().equals(pair.readerId)
          && (f.kind() == FactKind.CLIENT_LAGGING || f.kind() == FactKind.CLIENT_NOT_READING || f.kind() == FactKind.CLIENT_EVICTED))).isEmpty();

      // The relay catches up: the held frame reaches the reader it kept.
      pair.readerSession.flush();
      await().until(() -> pair.reader.snapshot().stream().anyMatch(m -> "held".equals(m.type())));
    }
  }

  /** A client that reads everything and one that reads nothing, each sent five events. */
  private static final class Pair implements AutoCloseable {
    final RecordingClient reader;
    final StalledClient stalled;
    final String readerId;
    final String stalledId;
    ClientSession readerSession;

    private Pair(RecordingClient reader, StalledClient stalled, String readerId, String stalledId) {
      this.reader = reader;
      this.stalled = stalled;
      this.readerId = readerId;
      this.stalledId = stalledId;
    }

    static Pair connect(TestRelay relay) throws Exception {
      var reader = RecordingClient.connect(relay.wsUrl());
      await().until(() -> relay.core.snapshot().clients().size() == 1);
      String readerId = relay.core.snapshot().clients().get(0).id();
      var stalled = StalledClient.connect(relay.core.port());
      await().until(() -> relay.core.snapshot().clients().size() == 2);
      String stalledId = relay.core.snapshot().clients().stream().map(ClientStats::id).filter(id -> !id.equals(readerId))
          .findFirst().orElseThrow();
      // Both sockets take a few events; the reader reads them, the stalled client leaves them in its kernel.
      try (var sender = relay.sender()) {
        for (int n = 0; n < 5; n++) sender.send(EventSender.numbered(n, 300));
      }
      await().until(() -> reader.eventTexts().size() == 5);
      await().until(() -> relay.core.snapshot().client(stalledId).map(ClientStats::lastSeqSent).orElse(0L) == 5);
      return new Pair(reader, stalled, readerId, stalledId);
    }

    /**
     * The kernel samples what each has read; then the relay holds one frame for both, unhanded, for
     * 3 s of test time, or until {@code done}; {@code betweenSteps} runs after each step of test time.
     */
    void holdOneFrame(TestRelay relay, ManualTime time, BooleanSupplier done, Runnable betweenSteps) {
      advance(time, Duration.ofSeconds(1));
      assertThat(relay.core.snapshot().client(readerId)).isPresent();
      var frame = new FrameEncoder().text("{\"type\":\"held\"}".getBytes(StandardCharsets.UTF_8));
      readerSession = relay.core.relay().sessionOf(readerId);
      ClientSession stalledSession = relay.core.relay().sessionOf(stalledId);
      long held = time.nanos();
      assertThat(readerSession.enqueueDeferred(new OutboundFrame(frame, -1, held), (s, b, f) -> { })).isTrue();
      assertThat(stalledSession.enqueueDeferred(new OutboundFrame(frame.duplicate(), -1, held), (s, b, f) -> { })).isTrue();
      for (long t = 0; t < SEND_TIMEOUT.plusSeconds(1).toNanos() && !done.getAsBoolean(); t += STEP.toNanos()) {
        time.advance(STEP);
        betweenSteps.run();
      }
    }

    @Override
    public void close() throws Exception {
      reader.close();
      stalled.close();
    }
  }

  private static void advance(ManualTime time, Duration total) {
    for (long done = 0; done < total.toNanos(); done += STEP.toNanos()) time.advance(STEP);
  }
}
