package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.metrics.ClientState;
import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading while small events trickle in (2 events/s of 200 B): no queue of
 * ours ever fills, the kernel's buffers absorb it. It must still read NOT READING within seconds.
 */
class NotReadingDetectionTest {
  private static final int RATE = 2;
  private static final int SIZE = 200;

  @AfterEach
  void restoreProc() {
    System.clearProperty("relayscope.proc-net");
  }

  @Test
  void kernelViewFlagsAStalledClientAtTwoSmallEventsPerSecond() throws Exception {
    assertThat(KernelQueues.system().available()).as("this test needs /proc/net/tcp").isTrue();
    var d = detect();
    System.out.printf("kernel view: NOT READING %.0f ms after the first event it did not read (%s)%n", d.ms(), d.why());
    // The kernel's view decided: it was sampled and showed the bytes the client left unread.
    assertThat(d.kernelSamples()).isPositive();
    assertThat(d.unreadBytes()).as("unread bytes when flagged (%s)", d.why()).isPositive();
  }

  @Test
  void withoutProcAProbePingThatGoesUnansweredFlagsIt() throws Exception {
    System.setProperty("relayscope.proc-net", "/nonexistent-proc-net");
    assertThat(KernelQueues.system().available()).isFalse();
    var d = detect();
    System.out.printf("probe pings only: NOT READING %.0f ms after the first event it did not read (%s)%n", d.ms(), d.why());
    // The unanswered probe decided: the kernel was never read.
    assertThat(d.kernelSamples()).isZero();
    assertThat(d.unreadBytes()).isEqualTo(-1);
    assertThat(d.why()).contains("no pong");
  }

  /**
   * Clients that read normally and then stop (the demo's slow client: its reading thread hangs),
   * at different moments relative to the relay's probe pings: each NOT READING within 5 s of
   * stopping (the target is 2 s; the figures are printed).
   */
  @Test
  void clientsThatStopReadingMidStreamAreFlaggedWithinSeconds() throws Exception {
    try (var relay = TestRelay.start()) {
      var slow = new java.util.ArrayList<io.relayscope.demo.SlowClient>();
      for (long after : new long[] {1200, 1550, 1900, 2250}) {
        var c = new io.relayscope.demo.SlowClient(java.net.URI.create(relay.wsUrl()), after);
        assertThat(c.connectBlocking(5, TimeUnit.SECONDS)).isTrue();
        slow.add(c);
      }
      await().until(() -> relay.core.snapshot().clients().size() == slow.size());
      var pacer = Executors.newSingleThreadScheduledExecutor();
      var n = new AtomicInteger();
      try (var sender = relay.sender()) {
        pacer.scheduleAtFixedRate(() -> {
          try {
            sender.send(EventSender.numbered(n.getAndIncrement(), SIZE));
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }, 0, 1000 / RATE, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(15)).until(() -> slow.stream().allMatch(io.relayscope.demo.SlowClient::stalled)
            && relay.core.snapshot().clients().stream().allMatch(c -> c.state() == ClientState.NOT_READING));
      } finally {
        pacer.shutdownNow();
      }
      var ids = relay.core.snapshot().clients().stream().map(c -> c.id()).toList();
      var flaggedAt = new java.util.ArrayList<Long>();
      for (String id : ids) {
        flaggedAt.add(relay.core.journal().recent(10_000, f -> f.kind() == FactKind.CLIENT_NOT_READING && f.subject().equals(id))
            .get(0).atNanos());
      }
      // Clients are numbered in connect order, as the list is.
      java.util.Collections.sort(flaggedAt);
      var stalls = slow.stream().map(io.relayscope.demo.SlowClient::stalledAtNanos).sorted().toList();
      for (int i = 0; i < stalls.size(); i++) {
        double ms = (flaggedAt.get(i) - stalls.get(i)) / 1e6;
        System.out.printf("stopped reading -> NOT READING: %.0f ms%n", ms);
        assertThat(ms).isBetween(0.0, 5000.0);
      }
      for (var c : slow) {
        c.resume();
        c.close();
      }
    }
  }

  /**
   * /proc is read to confirm bytes the clients have not yet been seen to consume, never while all is
   * quiet: once the traffic stops and what was sent is confirmed, a relay with healthy clients reads it
   * no more for data (the probe pings of an idle stream once wanted a sample each, for ever).
   */
  @Test
  void aQuietRelayWithHealthyClientsReadsTheKernelNoMore() throws Exception {
    // No upstream JSON pings: each is data, and fairly wants one sample to confirm it.
    try (var relay = TestRelay.start(r -> r.withKeepalive(Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(15)))) {
      var a = RecordingClient.connect(relay.wsUrl());
      var b = RecordingClient.connect(relay.wsUrl());
      await().until(() -> relay.core.snapshot().clients().size() == 2);
      try (var sender = relay.sender()) {
        for (int n = 0; n < 6; n++) {
          sender.send(EventSender.numbered(n, SIZE));
          int expected = n + 1;
          await().until(() -> a.eventTexts().size() == expected && b.eventTexts().size() == expected);
        }
      }
      // Two more probe pongs than when the last event was read: the second probe went out after it, and
      // its pong confirms every byte before it.
      long pongsAtEnd = relay.core.snapshot().clients().stream().mapToLong(c -> c.pingRtt().count()).min().orElseThrow();
      await().atMost(Duration.ofSeconds(10)).until(() -> relay.core.snapshot().clients().stream()
          .allMatch(c -> c.pingRtt().count() >= pongsAtEnd + 2));
      // Confirmed: no sample for data for 3 s on end (one already under way may still finish). A relay
      // that sampled for data every 150 ms, or every probe, never gets there.
      var last = new AtomicLong(relay.core.relay().kernelSamplesForData());
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
          .until(() -> last.getAndSet(relay.core.relay().kernelSamplesForData()) == last.get());
      assertThat(relay.core.snapshot().clients()).allMatch(c -> c.state() == ClientState.OPEN);
      a.close();
      b.close();
    }
  }

  /** ms from the first event the stalled client did not read to its NOT READING fact, and that fact's grounds. */
  private record Detection(double ms, String why, long unreadBytes, long kernelSamples) {}

  private static Detection detect() throws Exception {
    try (var relay = TestRelay.start()) {
      var healthy = RecordingClient.connect(relay.wsUrl());
      var stalled = StalledClient.connect(relay.core.port());
      await().until(() -> relay.core.snapshot().clients().size() == 2);
      String stalledId = relay.core.snapshot().clients().stream()
          .filter(c -> c.userAgent().equals("stalled-test-client")).findFirst().orElseThrow().id();
      String healthyId = relay.core.snapshot().clients().stream()
          .filter(c -> !c.id().equals(stalledId)).findFirst().orElseThrow().id();

      var sent = new AtomicInteger();
      var firstSentNanos = new AtomicLong();
      var pacer = Executors.newSingleThreadScheduledExecutor();
      try (var sender = relay.sender()) {
        pacer.scheduleAtFixedRate(() -> {
          try {
            int n = sent.getAndIncrement();
            firstSentNanos.compareAndSet(0, System.nanoTime());
            sender.send(EventSender.numbered(n, SIZE));
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        }, 0, 1000 / RATE, TimeUnit.MILLISECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> relay.core.snapshot().client(stalledId)
            .map(c -> c.state() == ClientState.NOT_READING).orElse(false));
      } finally {
        pacer.shutdownNow();
      }
      var flagged = relay.core.journal().recent(10_000,
          f -> f.kind() == FactKind.CLIENT_NOT_READING && f.subject().equals(stalledId));
      assertThat(flagged).isNotEmpty();
      JournalFact first = flagged.get(0);
      assertThat((String) first.fields().get("why")).isNotBlank();
      var stats = relay.core.snapshot().client(stalledId).orElseThrow();
      assertThat(stats.health()).isNotBlank();
      // Nothing of ours was queued: the kernel held it all.
      assertThat(stats.queueFrames()).isZero();
      // The healthy client, on the same stream, got every event and is OPEN. Not "never flagged": a
      // busy machine that keeps its reader off the CPU for half a second makes it LAGGING, rightly.
      await().atMost(Duration.ofSeconds(30)).until(() -> healthy.eventTexts().size() >= sent.get() - 1);
      await().atMost(Duration.ofSeconds(30)).until(() -> relay.core.snapshot().client(healthyId)
          .map(c -> c.state() == ClientState.OPEN).orElse(false));
      assertThat(relay.core.journal().recent(10_000, f -> f.subject().equals(healthyId)
          && (f.kind() == FactKind.CLIENT_EVICTED || f.kind() == FactKind.CLIENT_CLOSED))).isEmpty();
      stalled.close();
      healthy.close();
      return new Detection((first.atNanos() - firstSentNanos.get()) / 1e6, (String) first.fields().get("why"),
          ((Number) first.fields().get("unread_bytes")).longValue(), relay.core.relay().kernelSamples());
    }
  }
}
