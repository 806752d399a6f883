package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.EventSender;
import io.relayscope.support.Heap;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue #12: every store the relay keeps per event, per machine or per client is bounded in bytes. */
class StoreBoundsTest {
  private static final int BIG = 199 * 1024;

  /** 3,801 events of 199 KB once filled the resume ring (10,000 events) and the heap. */
  @Test
  void theResumeRingIsBoundedByBytes() throws Exception {
    try (var relay = TestRelay.start()) {
      long before = Heap.retainedBytes();
      int n = 700; // 136 MiB of valid events: more than twice the default --resume-bytes
      try (var sender = relay.sender()) {
        for (int i = 1; i <= n; i++) {
          sender.send(EventSender.numbered(i, BIG));
          // Paced within the hand-off (32 MiB), so every event is accepted and reaches the ring.
          if (i % 50 == 0) await().atMost(Duration.ofSeconds(60)).until(() -> relay.core.snapshot().relay().handoffBytes() == 0);
        }
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> relay.core.snapshot().relay().eventsIn()
          + relay.core.snapshot().relay().handoffFull() == n);
      long retained = Heap.retainedBytes() - before;
      var stats = relay.core.snapshot().relay();
      System.out.printf("resume ring: %d events of %d B sent (%d accepted, %d handoff_full), retained %s, ring %s%n", n,
          BIG, stats.eventsIn(), stats.handoffFull(), Heap.mib(retained), Heap.mib(stats.resumeBufferBytes()));
      assertThat(stats.eventsIn()).isEqualTo(n);
      assertThat(stats.resumeBufferBytes()).isLessThanOrEqualTo(RelayConfig.DEFAULT_RESUME_BYTES);
      assertThat(retained).as("heap retained after %d events of 199 KB", n).isLessThan(64L * 1024 * 1024 + 24L * 1024 * 1024);
      var fresh = RecordingClient.connect(relay.wsUrl());
      assertThat(fresh.ofType("initial")).hasSize(1);
      fresh.close();
    }
  }

  /** 1,000 connect/close with no event flowing once kept every session (~165 KB each) in the hub. */
  @Test
  void closedSessionsAreFreedWithoutEvents() throws Exception {
    try (var relay = TestRelay.start()) {
      var warm = RecordingClient.connect(relay.wsUrl());
      warm.closeBlocking();
      long before = Heap.retainedBytes();
      for (int i = 0; i < 1000; i++) {
        var c = new RecordingClient(relay.wsUrl());
        assertThat(c.connectBlocking(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        c.closeBlocking();
      }
      // Each close is journaled after its session has left the hub's list (CLIENT_CLOSED follows hub.leave).
      await().atMost(Duration.ofSeconds(30)).until(() -> relay.core.journal().since(0, 1_000_000).stream()
          .filter(f -> f.kind() == io.relayscope.journal.FactKind.CLIENT_CLOSED).count() == 1001);
      // The hub drops leavers on its own thread, in order with its commands: once one submitted now
      // has run, every leave before it has too. (The package-private submit seam: no public figure
      // counts the hub's own list, and the heap below must not see sessions it has yet to drop.)
      var left = new java.util.concurrent.CountDownLatch(1);
      relay.core.relay().hub().submit(left::countDown);
      assertThat(left.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      long retained = Heap.retainedBytes() - before;
      System.out.printf("1,000 connect/close, no events: retained %s%n", Heap.mib(retained));
      assertThat(retained).as("heap retained by 1,000 closed sessions").isLessThan(32L * 1024 * 1024);
    }
  }

  /** 66,000 distinct machine names once made {@code initial} larger than the client cap: every new client evicted. */
  @Test
  void aNewClientAlwaysGetsItsInitialHoweverManyMachinesWereSeen() throws Exception {
    try (var relay = TestRelay.start()) {
      int n = 70_000;
      try (var sender = relay.sender()) {
        for (int i = 0; i < n; i++) {
          sender.send(EventSender.stateChange(String.format("image-worker-job-%08d-%s", i, "a1b2c3d4e5f6"),
              "waiting", "processing", "start"));
        }
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> relay.core.snapshot().relay().lastSeq() == n);
      var fresh = new RecordingClient(relay.wsUrl());
      assertThat(fresh.connectBlocking(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(20)).until(() -> !fresh.ofType("initial").isEmpty() || fresh.closed.getCount() == 0);
      System.out.printf("%d machine names: new client close code %d, initial frames %d (%d B)%n", n, fresh.closeCode,
          fresh.ofType("initial").size(), fresh.ofType("initial").isEmpty() ? 0 : fresh.ofType("initial").get(0).text().length());
      assertThat(fresh.ofType("initial")).hasSize(1);
      assertThat(fresh.isOpen()).isTrue();
      var stats = relay.core.snapshot().relay();
      assertThat(stats.machines()).isEqualTo(10_000);
      assertThat(stats.machinesEvicted()).isEqualTo(n - 10_000);
      assertThat(fresh.ofType("initial").get(0).json().get("machines")).hasSize(10_000);
      assertThat(relay.get("/metrics").body()).contains("relayscope_machines_evicted_total " + (n - 10_000));
      var evicted = relay.core.journal().since(0, 1_000_000).stream()
          .filter(f -> f.kind() == io.relayscope.journal.FactKind.MACHINE_EVICTED).toList();
      assertThat(evicted).hasSize(n - 10_000);
      assertThat(evicted.get(0).fields()).containsEntry("machine", String.format("image-worker-job-%08d-a1b2c3d4e5f6", 0))
          .containsEntry("bound", "max_machines");
      fresh.close();
    }
  }

  /** The ingest -> hub hand-off once held up to 65,536 inputs of up to 200 KB (13 GB): now bounded in bytes. */
  @Test
  void theHandOffIsBoundedByBytes() throws Exception {
    long cap = 4L * 1024 * 1024;
    try (var relay = TestRelay.start(c -> c.withLimits(new io.relayscope.core.CoreConfig.StoreLimits(cap,
        10_000, 256, 64L * 1024 * 1024)), r -> r)) {
      EventHub hub = relay.core.relay().hub();
      var release = new java.util.concurrent.CountDownLatch(1);
      var stalled = new java.util.concurrent.CountDownLatch(1);
      hub.submit(() -> { // the hub is busy: inputs wait in the hand-off
        stalled.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertThat(stalled.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      int n = 100; // 19.4 MiB
      long maxPending = 0;
      try (var sender = relay.sender()) {
        for (int i = 1; i <= n; i++) {
          sender.send(EventSender.numbered(i, BIG));
          maxPending = Math.max(maxPending, hub.pendingBytes());
        }
      }
      // Every datagram is exactly BIG bytes: the hand-off's bytes say how many wait in it.
      long each = BIG + EventHub.INPUT_OVERHEAD;
      await().atMost(Duration.ofSeconds(30)).until(() -> relay.core.snapshot().relay().handoffFull()
          + relay.core.snapshot().relay().handoffBytes() / each == n);
      maxPending = Math.max(maxPending, hub.pendingBytes());
      long full = relay.core.snapshot().relay().handoffFull();
      System.out.printf("hand-off: %d inputs of %d B while the hub is stalled: %d waiting (%s), %d handoff_full%n", n, BIG,
          hub.pendingBytes() / each, Heap.mib(hub.pendingBytes()), full);
      assertThat(maxPending).isLessThanOrEqualTo(cap);
      assertThat(full).isGreaterThan(0);
      release.countDown();
      await().atMost(Duration.ofSeconds(30)).until(() -> relay.core.snapshot().relay().rejectedByReason()
          .get("handoff_full") == full && hub.pendingBytes() == 0);
      assertThat(relay.core.snapshot().relay().eventsIn()).isEqualTo(n - full);
      var fresh = RecordingClient.connect(relay.wsUrl());
      assertThat(fresh.ofType("initial")).hasSize(1);
      fresh.close();
    }
  }

  /** With a small client cap the table keeps initial within half of it, by evicting the least recently active. */
  @Test
  void initialStaysWithinHalfTheClientCap() throws Exception {
    long cap = 64 * 1024;
    try (var relay = TestRelay.start(r -> r.withClientQueue(cap, 50_000))) {
      int n = 2_000; // ~260 KB of entries
      try (var sender = relay.sender()) {
        for (int i = 0; i < n; i++) sender.send(EventSender.stateChange("m-" + i + "-" + "x".repeat(60), "a", "b", "go"));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> relay.core.snapshot().relay().lastSeq() == n);
      var c = RecordingClient.connect(relay.wsUrl());
      var initial = c.ofType("initial").get(0);
      System.out.printf("initial with a %d B client cap: %d B, %d machines, %d evicted%n", cap, initial.text().length(),
          initial.json().get("machines").size(), relay.core.snapshot().relay().machinesEvicted());
      assertThat((long) initial.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(cap / 2);
      assertThat(relay.core.snapshot().relay().machinesEvicted()).isPositive();
      // The most recently active machine is the one kept.
      assertThat(initial.text()).contains("m-" + (n - 1) + "-");
      assertThat(relay.core.journal().recent(1, f -> f.kind() == io.relayscope.journal.FactKind.MACHINE_EVICTED).get(0)
          .fields()).containsEntry("bound", "initial_bytes");
      assertThat(c.isOpen()).isTrue();
      c.close();
    }
  }

  /** A machine that invents a new state per event cannot grow its history without end. */
  @Test
  void aMachinesHistoryIsCapped() throws Exception {
    try (var relay = TestRelay.start()) {
      int n = 3_000;
      try (var sender = relay.sender()) {
        for (int i = 0; i < n; i++) sender.send(EventSender.stateChange("shifty", "s" + i, "s" + (i + 1), "t" + i));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> relay.core.snapshot().relay().lastSeq() == n);
      var h = relay.core.machines().snapshots().get(0);
      assertThat(h.states()).hasSizeLessThanOrEqualTo(256);
      assertThat(h.transitions()).hasSizeLessThanOrEqualTo(1024);
      assertThat(h.currentState()).isEqualTo("s" + n); // the current state is still right
    }
  }

  /** Clients that join an unchanged table share one encoded initial, not one copy each. */
  @Test
  void joiningClientsShareOneInitial() throws Exception {
    // Nothing may close the clients while they are counted, however slow the machine: no send
    // deadline, keepalive timeout or JSON ping (which would queue behind the initial) within the test.
    Duration never = Duration.ofMinutes(10);
    try (var relay = TestRelay.start(r -> r.withSendTimeout(never).withKeepalive(Duration.ZERO, Duration.ofSeconds(5), never))) {
      int machines = 10_000;
      try (var sender = relay.sender()) {
        for (int i = 0; i < machines; i++) {
          sender.send(EventSender.stateChange(String.format("image-worker-job-%08d-a1b2c3d4e5f6", i), "a", "b", "go"));
        }
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> relay.core.snapshot().relay().lastSeq() == machines);
      long before = Heap.retainedBytes();
      var stalled = java.util.Collections.synchronizedList(new java.util.ArrayList<io.relayscope.support.StalledClient>());
      var connectors = java.util.concurrent.Executors.newFixedThreadPool(8); // joins close together, even on a slow machine
      try {
        long joinStart = System.nanoTime();
        var joins = new java.util.ArrayList<java.util.concurrent.Future<?>>();
        for (int i = 0; i < 200; i++) {
          joins.add(connectors.submit(() -> stalled.add(io.relayscope.support.StalledClient.connect(relay.core.port()))));
        }
        for (var j : joins) j.get(90, java.util.concurrent.TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(90)).until(() -> relay.core.snapshot().clients().size() == 200);
        // Each has its initial (1.6 MB) queued and not read: the kernel holds only a little of it.
        await().atMost(Duration.ofSeconds(60)).until(() -> relay.core.snapshot().clients().stream()
            .allMatch(c -> c.queueFrames() >= 1 && c.queueBytes() > 1_000_000));
        double joinSeconds = (System.nanoTime() - joinStart) / 1e9;
        assertThat(relay.core.snapshot().clients()).hasSize(200);
        long retained = Heap.retainedBytes() - before;
        long initial = relay.core.machines().initialBytes().length;
        // The shared initial is re-encoded at most once a second (its timestamp stays true): joins
        // spread over s seconds hold at most s + 1 copies, where a copy per client would be 200.
        long copies = (long) Math.ceil(joinSeconds) + 1;
        System.out.printf("200 clients not reading, initial of %d machines (%s): retained %s, joins took %.1f s%n", machines,
            Heap.mib(initial), Heap.mib(retained), joinSeconds);
        assertThat(copies).as("joins over %.0f s: too spread to tell sharing from copying", joinSeconds).isLessThan(100);
        // Beyond the copies, each stalled connection holds some tens of KB of its own (16 MiB at rest).
        assertThat(retained).isLessThan(copies * initial + 32L * 1024 * 1024);
      } finally {
        connectors.shutdownNow();
        for (var c : stalled) c.close();
      }
    }
  }
}
