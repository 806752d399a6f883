package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.metrics.ClientState;
import io.relayscope.metrics.ClientStats;
import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The October 2025 incident, replayed: healthy clients plus one that completes the handshake and
 * never reads again, while events flow from a non-blocking engine. Whether the engine ever saw
 * EAGAIN (a 10-deep kernel queue on a busy machine) is a benchmark figure: printed, not asserted.
 */
class SlowClientIncidentTest {
  // Long enough that a healthy send waiting behind the stalled client (>= the stall) stands clear
  // of what a loaded machine adds to a healthy one.
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);
  private static final int RATE = 200;
  private static final int EVENTS = 1600; // 8 s at 200/s: well past the send timeout, within the 8 MiB queue cap
  private static final int SIZE = 4096;

  @Test
  void stalledClientIsEvictedAndNobodyElseNotices() throws Exception {
    try (var relay = TestRelay.start(r -> r.withSendTimeout(SEND_TIMEOUT)
            .withKeepalive(Duration.ofMillis(500), Duration.ofMillis(250), Duration.ofSeconds(60)))) {
      var healthy = new ArrayList<RecordingClient>();
      for (int i = 0; i < 3; i++) healthy.add(RecordingClient.connect(relay.wsUrl()));
      var stalled = StalledClient.connect(relay.core.port());
      await().until(() -> relay.core.snapshot().clients().size() == 4);
      String stalledId = relay.core.snapshot().clients().stream()
          .filter(c -> c.userAgent().equals("stalled-test-client")).findFirst().orElseThrow().id();

      // A non-blocking sender at a steady 200 events/s, as an engine would send; what the kernel
      // refused (EAGAIN) is lost, as for an engine, and left out of what clients must get.
      var sentCount = new AtomicInteger();
      var accepted = java.util.Collections.synchronizedList(new ArrayList<Integer>());
      long start = System.nanoTime();
      long wouldBlock;
      var pacer = Executors.newSingleThreadScheduledExecutor();
      try (var sender = EventSender.nonBlocking(relay.socket)) {
        var done = new java.util.concurrent.CountDownLatch(1);
        pacer.scheduleAtFixedRate(() -> {
          int n = sentCount.get();
          if (n >= EVENTS) {
            done.countDown();
            return;
          }
          try {
            if (sender.send(EventSender.numbered(n, SIZE))) accepted.add(n);
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
          sentCount.incrementAndGet();
        }, 0, 1_000_000 / RATE, TimeUnit.MICROSECONDS);
        assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();
        wouldBlock = sender.wouldBlock();
      } finally {
        pacer.shutdownNow();
      }

      System.out.printf("engine: %d of %d events refused with EAGAIN%n", wouldBlock, EVENTS);
      assertThat(accepted).hasSize(EVENTS - (int) wouldBlock);
      List<Integer> expected = List.copyOf(accepted);

      // Every healthy client got every event the kernel took, in order.
      for (var c : healthy) {
        await().atMost(60, TimeUnit.SECONDS).until(() -> c.eventTexts().size() >= expected.size());
        List<String> texts = c.eventTexts();
        assertThat(texts).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) assertThat(texts.get(i)).isEqualTo(EventSender.numbered(expected.get(i), SIZE));
        assertThat(c.isOpen()).isTrue();
      }

      // The stalled client was evicted with 4008 for its send deadline: not before it, and not
      // long after (the bound is generous; the benchmark reports eviction times).
      await().atMost(60, TimeUnit.SECONDS).until(() -> relay.core.snapshot().closed(stalledId).isPresent());
      ClientStats gone = relay.core.snapshot().closed(stalledId).orElseThrow();
      assertThat(gone.closeCode()).isEqualTo(CloseCodes.SLOW_CLIENT_EVICTED);
      assertThat(gone.closeReason()).contains("send deadline passed");
      assertThat(gone.state()).isEqualTo(ClientState.CLOSED);
      JournalFact evicted = only(relay, FactKind.CLIENT_EVICTED, stalledId);
      double evictedAfterMs = (evicted.atNanos() - start) / 1e6;
      System.out.printf("stalled client evicted %.0f ms after the first event (send timeout %d ms)%n", evictedAfterMs,
          SEND_TIMEOUT.toMillis());
      assertThat(evictedAfterMs).isBetween((double) SEND_TIMEOUT.toMillis(), SEND_TIMEOUT.toMillis() + 30_000.0);
      // …and /metrics says when (what the benchmark reads for its eviction times).
      assertThat(relay.core.snapshot().relay().evictions()).isEqualTo(1);
      assertThat(relay.core.snapshot().relay().lastEvictionMillis()).isBetween(evicted.atMillis() - 1000, evicted.atMillis());
      // It was flagged before it was evicted.
      assertThat(relay.core.journal().recent(10_000, f -> f.subject().equals(stalledId)))
          .extracting(JournalFact::kind)
          .containsSubsequence(FactKind.CLIENT_CONNECTED, FactKind.CLIENT_NOT_READING, FactKind.CLIENT_EVICTED, FactKind.CLIENT_CLOSED);

      // Keepalive kept reaching the healthy clients during the stall: JSON pings arrived and
      // RFC pings were answered between the stall's start and its eviction.
      for (var c : healthy) {
        long pingsDuringStall = c.ofType("ping").stream()
            .filter(m -> m.atNanos() > start && m.atNanos() < evicted.atNanos()).count();
        assertThat(pingsDuringStall).isGreaterThanOrEqualTo(2);
      }
      var clientIds = relay.core.snapshot().clients().stream().map(ClientStats::id).toList();
      assertThat(clientIds).hasSize(3).doesNotContain(stalledId);
      for (String id : clientIds) {
        long pongs = relay.core.journal().recent(100_000, f -> f.kind() == FactKind.PONG_RECEIVED && f.subject().equals(id)
            && f.atNanos() > start && f.atNanos() < evicted.atNanos()).size();
        assertThat(pongs).as("pongs from %s during the stall", id).isGreaterThanOrEqualTo(3);
      }
      // Healthy clients' sends never waited behind the stalled one: that would take the whole
      // stall, at least the send timeout; a busy machine alone adds far less.
      for (ClientStats c : relay.core.snapshot().clients()) {
        System.out.printf("healthy %s: send latency p99 %.2f ms, max %.2f ms%n", c.id(), c.sendLatency().p99Ms(),
            c.sendLatency().maxMs());
        assertThat(c.sendLatency().maxMs()).as("max send latency of %s", c.id()).isLessThan(SEND_TIMEOUT.toMillis() * 0.8);
        assertThat(c.dropped()).isZero();
      }
      // The stalled peer's connection was ended.
      assertThat(stalled.drainToEnd()).isGreaterThan(0);
      stalled.close();
      for (var c : healthy) c.close();
    }
  }

  private static JournalFact only(TestRelay relay, FactKind kind, String subject) {
    var facts = relay.core.journal().recent(100_000, f -> f.kind() == kind && f.subject().equals(subject));
    assertThat(facts).hasSize(1);
    return facts.get(0);
  }
}
