package io.relayscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.relayscope.journal.FactKind;
import io.relayscope.support.EventSender;
import io.relayscope.support.FleetRelay;
import io.relayscope.support.NatsServer;
import io.relayscope.support.RecordingClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The delivery guarantee docs/fleet.md states: every accepted event reaches the stream (or is
 * counted lost), once by its {@code Nats-Msg-Id}, in the node's order, across a relay's start and
 * stop and across nats-server restarts; and only what did not reach NATS is reported lost.
 */
class FleetDeliveryTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** The {@code Relayscope-Seq} of each event of {@code node} in the stream, in stream order. */
  static List<Long> storedSeqs(Connection c, String node) throws IOException, JetStreamApiException {
    var jsm = c.jetStreamManagement();
    var state = jsm.getStreamInfo(FleetSubjects.EVENTS_STREAM).getStreamState();
    var out = new ArrayList<Long>();
    if (state.getMsgCount() == 0) return out;
    for (long s = state.getFirstSequence(); s <= state.getLastSequence(); s++) {
      var m = jsm.getMessage(FleetSubjects.EVENTS_STREAM, s);
      if (node.equals(m.getHeaders().getFirst(FleetSubjects.HEADER_NODE))) {
        out.add(Long.parseLong(m.getHeaders().getFirst(FleetSubjects.HEADER_SEQ)));
      }
    }
    return out;
  }

  /**
   * How {@code seqs} differs from 1..n, each once and in order, in one short line ("1..n in order"
   * when it does not), so a failure says where without listing thousands of numbers.
   */
  static String againstOneTo(List<Long> seqs, long n) {
    List<Long> want = LongStream.rangeClosed(1, n).boxed().toList();
    if (seqs.equals(want)) return "1.." + n + " in order";
    int i = 0;
    while (i < Math.min(seqs.size(), want.size()) && seqs.get(i).equals(want.get(i))) i++;
    var missing = new java.util.TreeSet<>(want);
    seqs.forEach(missing::remove);
    long dupes = seqs.size() - new java.util.HashSet<>(seqs).size();
    return seqs.size() + " stored; first out of place at index " + i + ": "
        + seqs.subList(i, Math.min(seqs.size(), i + 8)) + "; missing " + missing.size() + " "
        + missing.stream().limit(12).toList() + "; duplicates " + dupes;
  }

  @Test
  void eventsAcceptedBeforeTheNodeJoinedNatsArePublishedFirst() throws Exception {
    try (var nats = NatsServer.start();
        var a = FleetRelay.startJoiningLate(nats.url(), "gpu-1", relay -> {
          // The engine sends as soon as the socket is bound, before the relay has connected to NATS.
          try (var engine = relay.sender()) {
            for (int i = 1; i <= 40; i++) engine.send(EventSender.numbered(i, 100));
          }
          await().atMost(WAIT).until(() -> relay.core.snapshot().relay().eventsIn() == 40);
        });
        var engine = a.relay.sender();
        Connection c = Nats.connect(nats.url())) {
      for (int i = 41; i <= 50; i++) engine.send(EventSender.numbered(i, 100));
      await().atMost(WAIT).until(() -> a.node.health().published() + a.node.health().lost() == 50);
      assertThat(a.node.health().lost()).isZero();
      assertThat(againstOneTo(storedSeqs(c, "gpu-1"), 50)).isEqualTo("1..50 in order");
    }
  }

  @Test
  void eventsSentJustBeforeACleanStopAreAllPublished() throws Exception {
    try (var nats = NatsServer.start(); Connection c = Nats.connect(nats.url())) {
      var a = FleetRelay.start(nats.url(), "gpu-1");
      try (var engine = a.relay.sender()) {
        for (int i = 1; i <= 3000; i++) engine.send(EventSender.numbered(i, 100));
      }
      a.close(); // at once: what the relay took must still reach the stream
      long accepted = a.relay.core.snapshot().relay().eventsIn();
      assertThat(accepted).isPositive();
      assertThat(a.node.health().lost()).isZero();
      assertThat(againstOneTo(storedSeqs(c, "gpu-1"), accepted)).isEqualTo("1.." + accepted + " in order");
    }
  }

  @Test
  void eventsPublishedAcrossNatsRestartsAreStoredOnceAndInOrder() throws Exception {
    int total = 6000;
    try (var nats = NatsServer.start(); var a = FleetRelay.start(nats.url(), "gpu-1")) {
      var sent = new AtomicLong();
      var done = new CountDownLatch(1);
      Thread engine = new Thread(() -> {
        try (var s = a.relay.sender()) {
          for (int i = 1; i <= total; i++) {
            s.send(EventSender.numbered(i, 200));
            sent.set(i);
            if (i % 4 == 0) LockSupport.parkNanos(1_000_000L); // about 2,000 a second: a steady load, not a flood
          }
        } catch (IOException e) {
          throw new RuntimeException(e);
        } finally {
          done.countDown();
        }
      }, "test-engine");
      engine.start();
      for (long at : new long[] {1000, 3000}) {
        await().atMost(WAIT).until(() -> sent.get() >= at);
        nats.restart(); // while the relay publishes
      }
      assertThat(done.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      await().atMost(WAIT).until(() -> a.relay.core.snapshot().relay().eventsIn() == total);
      await().atMost(WAIT).until(() -> a.node.health().published() + a.node.health().lost() == total);
      assertThat(a.node.health().lost()).isZero();
      try (Connection c = Nats.connect(nats.url())) {
        assertThat(againstOneTo(storedSeqs(c, "gpu-1"), total)).isEqualTo("1.." + total + " in order");
      }
    }
  }

  @Test
  void factsThatReachTheStreamAfterAStallAreNotReportedLost() throws Exception {
    try (var nats = NatsServer.start(); var a = FleetRelay.start(nats.url(), "gpu-1"); var engine = a.relay.sender()) {
      engine.send(EventSender.numbered(1, 100));
      await().atMost(WAIT).until(() -> a.node.health().published() == 1 && a.node.health().factsPublished() > 0);
      nats.pause();
      RecordingClient client;
      try {
        client = RecordingClient.connect(a.relay.wsUrl()); // a CLIENT_CONNECTED fact, published while the server is stopped
        engine.send(EventSender.numbered(2, 100));
        // Held until the publishes of both have failed (acknowledgement timed out): the fact batch waits to be sent again.
        await().atMost(WAIT).until(() -> a.node.health().retried() >= 1 && a.node.facts().failedAwaitingResend() > 0);
      } finally {
        nats.resume();
      }
      try (Connection c = Nats.connect(nats.url())) {
        await().atMost(WAIT).until(() -> journalKinds(c).contains("CLIENT_CONNECTED"));
      }
      await().atMost(WAIT).until(() -> a.node.health().published() == 2);
      assertThat(a.node.health().factsLost()).isZero();
      assertThat(a.relay.core.journal().recent(100, f -> f.kind() == FactKind.NATS_LOST)).isEmpty();
      client.closeBlocking();
    }
  }

  private static List<String> journalKinds(Connection c) throws Exception {
    var mapper = new ObjectMapper();
    var jsm = c.jetStreamManagement();
    var state = jsm.getStreamInfo(FleetSubjects.FACTS_STREAM).getStreamState();
    var kinds = new ArrayList<String>();
    for (long s = state.getFirstSequence(); s <= state.getLastSequence() && state.getMsgCount() > 0; s++) {
      var m = jsm.getMessage(FleetSubjects.FACTS_STREAM, s);
      if (!m.getSubject().endsWith(".journal")) continue;
      for (var f : mapper.readTree(m.getData()).path("facts")) kinds.add(f.path("kind").asText());
    }
    return kinds;
  }
}
