package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.support.EventSender;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading for a while and then drains makes hundreds of sends slow at once. The
 * journal gets one SLOW_SEND fact per client per 100 ms at most (a relay that falls behind would
 * otherwise journal every frame, when it has least time), and still counts every slow send: SENDS's
 * {@code slow_frames}.
 */
class SlowSendFactsTest {
  private static final int RATE = 200;
  private static final int SIZE = 4096;
  private static final Duration STALL = Duration.ofSeconds(3);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(6);

  @Test
  void slowSendsAreSpacedAndEveryOneIsCounted() throws Exception {
    // A send counts as slow after a quarter of the send timeout: 1.5 s, with 3 s to spare before eviction.
    try (var relay = TestRelay.start(r -> r.withSendTimeout(SEND_TIMEOUT));
         var sender = EventSender.blocking(relay.socket)) {
      var stalled = StalledClient.connect(relay.core.port());
      await().until(() -> relay.core.snapshot().clients().size() == 1);
      String id = relay.core.snapshot().clients().get(0).id();

      // Ground truth: events go out for the whole stall at 200/s; the client reads nothing until it ends.
      long stallEnds = System.nanoTime() + STALL.toNanos();
      var sentAt = new ArrayList<Long>();
      for (long next = System.nanoTime(); next < stallEnds; next += 1_000_000_000L / RATE) {
        while (System.nanoTime() < next) Thread.onSpinWait();
        sender.send(EventSender.numbered(sentAt.size(), SIZE));
        sentAt.add(System.nanoTime());
      }
      int sent = sentAt.size();
      long drainStarts = System.nanoTime();
      var read = new AtomicLong();
      var drain = CompletableFuture.runAsync(() -> {
        try {
          stalled.drainToEnd(read);
        } catch (IOException e) {
          throw new RuntimeException(e);
        }
      });
      long expected = (long) sent * SIZE;
      await().atMost(60, TimeUnit.SECONDS).until(() -> read.get() >= expected);
      stalled.close();
      drain.get(30, TimeUnit.SECONDS);
      // Its last SENDS fact is journaled as it closes.
      await().atMost(30, TimeUnit.SECONDS).until(() -> !facts(relay, FactKind.CLIENT_CLOSED, id).isEmpty());

      List<JournalFact> slow = facts(relay, FactKind.SLOW_SEND, id);
      long slowFrames = facts(relay, FactKind.SENDS, id).stream().mapToLong(f -> num(f, "slow_frames")).sum();
      long unjournaled = slow.stream().mapToLong(f -> num(f, "unjournaled_before")).sum();
      System.out.printf("%d events sent in %d ms; %d slow sends counted, %d SLOW_SEND facts%n", sent, STALL.toMillis(),
          slowFrames, slow.size());

      // Every frame sent more than the soft age before the drain began waited longer than that, but for the few
      // the sockets' buffers took (64 KB the relay's send buffer, 4 KB the client's receive window).
      long softAge = SEND_TIMEOUT.toNanos() / 4;
      // The relay queues a frame a little after it is sent (ingest, hub): 200 ms allows for a busy machine.
      long mustBeSlow = sentAt.stream().filter(t -> t < drainStarts - softAge - 200_000_000).count() - (64 + 4) / (SIZE / 1024) - 4;
      assertThat(mustBeSlow).as("frames sent long enough before the drain").isGreaterThan(100);
      assertThat(slowFrames).isGreaterThanOrEqualTo(mustBeSlow);
      assertThat(slow).isNotEmpty();
      for (int i = 1; i < slow.size(); i++) {
        assertThat(slow.get(i).atNanos() - slow.get(i - 1).atNanos())
            .as("time between SLOW_SEND facts %d and %d", i - 1, i)
            // the journal stamps a fact a little after the writer's clock decided: allow for a busy machine
            .isGreaterThanOrEqualTo(SendAccounting.SLOW_SEND_SPACING_NANOS - 50_000_000);
      }
      // Each fact and the sends folded before it are among the counted; none counted twice.
      assertThat(slow.size() + unjournaled).isLessThanOrEqualTo(slowFrames);
      assertThat(slow.size()).isLessThan((int) (slowFrames / 10));
    }
  }

  private static List<JournalFact> facts(TestRelay relay, FactKind kind, String subject) {
    return relay.core.journal().recent(100_000, f -> f.kind() == kind && f.subject().equals(subject));
  }

  private static long num(JournalFact f, String field) {
    Object v = f.fields().get(field);
    return v instanceof Number n ? n.longValue() : 0;
  }
}
