package io.relayscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.relayscope.journal.FactKind;
import io.relayscope.support.EventSender;
import io.relayscope.support.FleetRelay;
import io.relayscope.support.NatsServer;
import io.relayscope.support.RecordingClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A relay with --nats against a real nats-server: what reaches JetStream, and what happens when NATS goes away. */
class FleetPublishTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final ObjectMapper mapper = new ObjectMapper();
  private NatsServer nats;
  private FleetRelay a;

  @BeforeEach
  void startNats() throws Exception {
    nats = NatsServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (a != null) a.close();
    nats.close();
  }

  private static long streamCount(Connection c, String stream) throws Exception {
    return c.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
  }

  private static List<MessageInfo> stored(Connection c, String stream) throws Exception {
    JetStreamManagement jsm = c.jetStreamManagement();
    var state = jsm.getStreamInfo(stream).getStreamState();
    var out = new ArrayList<MessageInfo>();
    if (state.getMsgCount() == 0) return out;
    for (long s = state.getFirstSequence(); s <= state.getLastSequence(); s++) out.add(jsm.getMessage(stream, s));
    return out;
  }

  @Test
  void eachAcceptedEventIsStoredUnchangedUnderNodeAndMachineWithItsHeaders() throws Exception {
    a = FleetRelay.start(nats.url(), "gpu-1");
    String event = EventSender.stateChange("face.proc 1", "idle", "busy", "go");
    try (var sender = a.relay.sender(); Connection c = Nats.connect(nats.url())) {
      sender.send(event);
      sender.send("not json"); // rejected by the relay: never published
      sender.send(EventSender.registered("cam", "camera", "on"));
      await().atMost(WAIT).until(() -> a.node.health().published() == 2);
      List<MessageInfo> msgs = stored(c, FleetSubjects.EVENTS_STREAM);
      assertThat(msgs).hasSize(2);
      MessageInfo first = msgs.get(0);
      assertThat(first.getSubject()).isEqualTo("relayscope.events.gpu-1.face_proc_1");
      assertThat(new String(first.getData(), StandardCharsets.UTF_8)).isEqualTo(event);
      String run = a.relay.core.run().id();
      assertThat(first.getHeaders().getFirst("Relayscope-Node")).isEqualTo("gpu-1");
      assertThat(first.getHeaders().getFirst("Relayscope-Run")).isEqualTo(run);
      assertThat(first.getHeaders().getFirst("Relayscope-Seq")).isEqualTo("1");
      assertThat(Long.parseLong(first.getHeaders().getFirst("Relayscope-Received-Ms")))
          .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
      assertThat(first.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(run + "-1");
      assertThat(msgs.get(1).getSubject()).isEqualTo("relayscope.events.gpu-1.cam");
      assertThat(msgs.get(1).getHeaders().getFirst("Relayscope-Seq")).isEqualTo("2");
    }
  }

  @Test
  void factsCarryTheSnapshotWithEveryClientAndTheJournalWithoutEventReceived() throws Exception {
    a = FleetRelay.start(nats.url(), "gpu-1");
    var client = RecordingClient.connect(a.relay.wsUrl());
    try (var sender = a.relay.sender(); Connection c = Nats.connect(nats.url())) {
      sender.send(EventSender.stateChange("m1", "a", "b", "t"));
      await().atMost(WAIT).until(() -> {
        for (MessageInfo m : stored(c, FleetSubjects.FACTS_STREAM)) {
          if (!m.getSubject().equals("relayscope.facts.gpu-1.snapshot")) continue;
          NodeSnapshot s = mapper.readValue(m.getData(), NodeSnapshot.class);
          if (s.snapshot().relay().eventsIn() == 1 && s.snapshot().client("c1").isPresent()) return true;
        }
        return false;
      });
      await().atMost(WAIT).until(() -> journalKinds(c).contains("CLIENT_CONNECTED"));
      List<String> kinds = journalKinds(c);
      assertThat(kinds).contains("RELAY_STARTED").doesNotContain("EVENT_RECEIVED");
    } finally {
      client.closeBlocking();
    }
  }

  private List<String> journalKinds(Connection c) throws Exception {
    var kinds = new ArrayList<String>();
    for (MessageInfo m : stored(c, FleetSubjects.FACTS_STREAM)) {
      if (!m.getSubject().equals("relayscope.facts.gpu-1.journal")) continue;
      JsonNode batch = mapper.readTree(m.getData());
      assertThat(batch.path("node").asText()).isEqualTo("gpu-1");
      for (JsonNode f : batch.path("facts")) kinds.add(f.path("kind").asText());
    }
    return kinds;
  }

  @Test
  void aNatsRestartLosesNothingJetStreamAcknowledged() throws Exception {
    a = FleetRelay.start(nats.url(), "gpu-1");
    try (var sender = a.relay.sender()) {
      for (int i = 1; i <= 500; i++) sender.send(EventSender.numbered(i, 200));
      await().atMost(WAIT).until(() -> a.node.health().published() == 500);
      nats.restart();
      for (int i = 501; i <= 600; i++) sender.send(EventSender.numbered(i, 200));
      await().atMost(WAIT).until(() -> a.node.health().published() == 600);
    }
    try (Connection c = Nats.connect(nats.url())) {
      List<MessageInfo> msgs = stored(c, FleetSubjects.EVENTS_STREAM);
      assertThat(msgs).extracting(m -> m.getHeaders().getFirst("Relayscope-Seq"))
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 600).mapToObj(Long::toString).toList());
    }
    assertThat(a.node.health().lost()).isZero();
  }

  @Test
  void withNatsDownTheRelayKeepsRelayingBuffersReconnectsAndSaysSo() throws Exception {
    a = FleetRelay.start(nats.url(), "gpu-1");
    var client = RecordingClient.connect(a.relay.wsUrl());
    try (var sender = a.relay.sender()) {
      sender.send(EventSender.numbered(1, 100));
      await().atMost(WAIT).until(() -> a.node.health().published() == 1);
      nats.stop();
      await().atMost(WAIT).until(() -> a.node.health().status().equals("disconnected"));
      for (int i = 2; i <= 51; i++) sender.send(EventSender.numbered(i, 100));
      // The local client gets every event while NATS is down.
      await().atMost(WAIT).until(() -> client.eventTexts().size() == 51);
      assertThat(a.relay.get("/health").body()).contains("\"nats\":{\"status\":\"disconnected\"");
      assertThat(a.relay.get("/metrics").body()).contains("relayscope_nats_connected 0");
      assertThat(a.node.health().bufferedEvents()).isEqualTo(50);
      assertThat(a.relay.core.journal().recent(10, f -> f.kind() == FactKind.NATS_DISCONNECTED)).hasSize(1);

      nats.restart();
      await().atMost(WAIT).until(() -> a.node.health().published() == 51);
      // The events have their own connection, which may be back before the link says so.
      await().atMost(WAIT).until(() -> a.relay.core.journal().recent(10, f -> f.kind() == FactKind.NATS_RECONNECTED).size() == 1);
      assertThat(a.relay.get("/health").body()).contains("\"nats\":{\"status\":\"connected\"");
      assertThat(a.node.health().lost()).isZero();
    } finally {
      client.closeBlocking();
    }
    try (Connection c = Nats.connect(nats.url())) {
      assertThat(streamCount(c, FleetSubjects.EVENTS_STREAM)).isEqualTo(51);
    }
  }

  @Test
  void whatTheBufferCannotHoldIsCountedLostAndJournaledNeverSilent() throws Exception {
    a = FleetRelay.start(nats.url(), "gpu-1", o -> o.withBuffer(10, 1024 * 1024));
    var client = RecordingClient.connect(a.relay.wsUrl());
    try (var sender = a.relay.sender()) {
      nats.stop();
      await().atMost(WAIT).until(() -> a.node.health().status().equals("disconnected"));
      for (int i = 1; i <= 50; i++) sender.send(EventSender.numbered(i, 100));
      await().atMost(WAIT).until(() -> client.eventTexts().size() == 50);
      assertThat(a.node.health().lost()).isEqualTo(40);
      assertThat(a.node.health().bufferedEvents()).isEqualTo(10);
      await().atMost(WAIT).until(() -> a.relay.core.journal().recent(10, f -> f.kind() == FactKind.NATS_LOST).stream()
          .mapToLong(f -> ((Number) f.fields().get("count")).longValue()).sum() == 40);
      assertThat(a.relay.get("/metrics").body()).contains("relayscope_nats_events_lost_total 40");
      nats.restart();
      await().atMost(WAIT).until(() -> a.node.health().published() == 10);
    } finally {
      client.closeBlocking();
    }
  }
}
