package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A burst from a blocking sender: every datagram delivered, in order, to every healthy client. */
class BurstTest {
  private static final int BURST = 20_000;

  /**
   * Ingest does the hub's work while the hub is free (EventHub), but never waits for it: while the
   * hub is held (here by a command on its thread, as a long join would), every datagram is still
   * taken off the socket into the hand-off, and the hub then delivers them all, in order.
   */
  @Test
  void whileTheHubIsBusyIngestKeepsReceivingAndTheHubCatchesUpInOrder() throws Exception {
    try (var relay = TestRelay.start();
        var sender = relay.sender()) {
      var client = RecordingClient.connect(relay.wsUrl());
      await().until(() -> !client.ofType("initial").isEmpty());
      var held = new java.util.concurrent.CountDownLatch(1);
      var release = new java.util.concurrent.CountDownLatch(1);
      relay.core.relay().hub().submit(() -> {
        held.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
      int n = 2_000;
      try {
        long firstSent = System.nanoTime();
        for (int i = 0; i < n; i++) sender.send(EventSender.numbered(i, 200));
        long lastSent = System.nanoTime();
        // Every datagram is exactly 200 bytes: all n wait in the hand-off when it holds n of them.
        long all = n * (200L + EventHub.INPUT_OVERHEAD);
        await().atMost(30, TimeUnit.SECONDS).until(() -> relay.core.snapshot().relay().handoffBytes() == all);
        assertThat(client.eventTexts()).isEmpty();
        // How far behind its input the relay is, against the test's own clock: the oldest input arrived
        // after the first send began and before the last one ended.
        long before = System.nanoTime();
        double oldestMs = relay.core.snapshot().relay().handoffOldestMs();
        long after = System.nanoTime();
        assertThat(oldestMs).isBetween((before - lastSent) / 1e6, (after - firstSent) / 1e6);
        await().atMost(30, TimeUnit.SECONDS).until(() -> relay.core.snapshot().relay().handoffOldestMs() >= 500);
        assertThat(relay.get("/metrics").body()).containsPattern("relayscope_handoff_oldest_seconds 0\\.[5-9]|relayscope_handoff_oldest_seconds [1-9]");
      } finally {
        release.countDown();
      }
      await().atMost(30, TimeUnit.SECONDS).until(() -> client.eventTexts().size() >= n);
      List<String> texts = client.eventTexts();
      assertThat(texts).hasSize(n);
      for (int i = 0; i < n; i++) {
        assertThat(texts.get(i)).startsWith("{\"machine_name\":\"bench\",\"type\":\"activity_log\",\"payload\":{\"n\":" + i + ",");
      }
      assertThat(relay.core.snapshot().relay().handoffFull()).isZero();
      assertThat(relay.core.snapshot().relay().handoffOldestMs()).isZero();
      client.close();
    }
  }

  @Test
  void burstOf20000IsDeliveredInOrderToEveryClient() throws Exception {
    try (var relay = TestRelay.start()) {
      var clients = new ArrayList<RecordingClient>();
      for (int i = 0; i < 3; i++) clients.add(RecordingClient.connect(relay.wsUrl()));
      await().until(() -> clients.stream().allMatch(c -> !c.ofType("initial").isEmpty()));

      try (var sender = relay.sender()) {
        for (int n = 0; n < BURST; n++) sender.send(EventSender.numbered(n, 200));
      }

      for (var c : clients) {
        await().atMost(60, TimeUnit.SECONDS).until(() -> c.eventTexts().size() >= BURST);
        List<String> texts = c.eventTexts();
        assertThat(texts).hasSize(BURST);
        for (int n = 0; n < BURST; n++) {
          String prefix = "{\"machine_name\":\"bench\",\"type\":\"activity_log\",\"payload\":{\"n\":" + n + ",";
          if (!texts.get(n).startsWith(prefix)) {
            throw new AssertionError("event " + n + " out of order: " + texts.get(n).substring(0, 80));
          }
        }
      }
      var snap = relay.core.snapshot();
      assertThat(snap.relay().eventsIn()).isEqualTo(BURST);
      assertThat(snap.relay().lastSeq()).isEqualTo(BURST);
      assertThat(snap.relay().handoffFull()).isZero();
      assertThat(snap.clients()).allSatisfy(c -> {
        assertThat(c.dropped()).isZero();
        assertThat(c.lastSeqSent()).isEqualTo(BURST);
        assertThat(c.sequenceLag()).isZero();
      });
      for (var c : clients) c.close();
    }
  }
}
