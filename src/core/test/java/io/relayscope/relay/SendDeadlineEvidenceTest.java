package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.metrics.ClientStats;
import io.relayscope.support.EventSender;
import io.relayscope.support.ManualTime;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The send deadline evicts a client that stopped taking bytes, not one the relay stopped writing to.
 * Under overload the relay's own queue ages while its readers keep up; evicting them on that age
 * (what a 1,000-reader bench saw: 541 readers that had kept up closed with 4008) blames readers for
 * the relay. Here the relay holds a frame for two clients without handing it on — exactly what a hub
 * that fell behind does — while one client has read everything and the other nothing. Time is the
 * test's, so the frame is exactly 3 s old against a 2 s deadline.
 */
class SendDeadlineEvidenceTest {
  private static final Duration STEP = Duration.ofMillis(50);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

  @Test
  void aFramePastItsDeadlineEvictsTheClientThatStoppedReadingAndSparesTheOneThatReadEverything() throws Exception {
    var time = new ManualTime();
    try (var relay = TestRelay.start(time, r -> r.withSendTimeout(SEND_TIMEOUT)
        .withKeepalive(Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(10)))) {
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
      advance(time, Duration.ofSeconds(1)); // the kernel samples what each has read
      assertThat(relay.core.snapshot().client(readerId)).isPresent();

      // The relay holds one frame for both without handing it to either socket, for 3 s.
      var frame = new FrameEncoder().text("{\"type\":\"held\"}".getBytes(StandardCharsets.UTF_8));
      ClientSession readerSession = relay.core.relay().sessionOf(readerId);
      ClientSession stalledSession = relay.core.relay().sessionOf(stalledId);
      long held = time.nanos();
      assertThat(readerSession.enqueueDeferred(new OutboundFrame(frame, -1, held), (s, b, f) -> { })).isTrue();
      assertThat(stalledSession.enqueueDeferred(new OutboundFrame(frame.duplicate(), -1, held), (s, b, f) -> { })).isTrue();
      advance(time, SEND_TIMEOUT.plusSeconds(1));

      await().until(() -> relay.core.snapshot().client(stalledId).isEmpty());
      var evictions = relay.core.journal().recent(10, f -> f.kind() == FactKind.CLIENT_EVICTED);
      assertThat(evictions).singleElement().satisfies(e -> {
        assertThat(e.subject()).isEqualTo(stalledId);
        assertThat((String) e.fields().get("reason")).startsWith("send deadline passed");
      });
      assertThat(relay.core.snapshot().client(readerId)).as("the client that read everything").isPresent();
      assertThat(reader.closeCode).isEqualTo(-1);

      // The relay catches up: the held frame reaches the reader it kept.
      readerSession.flush();
      await().until(() -> reader.snapshot().stream().anyMatch(m -> "held".equals(m.type())));
      reader.close();
      stalled.close();
    }
  }

  private static void advance(ManualTime time, Duration total) {
    for (long done = 0; done < total.toNanos(); done += STEP.toNanos()) time.advance(STEP);
  }
}
