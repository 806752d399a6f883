package io.relayscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.relayscope.support.EventSender;
import io.relayscope.support.FleetRelay;
import io.relayscope.support.NatsServer;
import io.relayscope.support.RecordingClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Relays that take events from the stream (--nats-source) beside their own engines. */
class StreamSourceTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static FleetRelay sourcing(NatsServer nats, String node) throws Exception {
    return FleetRelay.start(nats.url(), node, o -> o.withSource(FleetOptions.DEFAULT_SOURCE, FleetOptions.SourceStart.ALL));
  }

  @Test
  void eventsFromBothNodesReachTheClientsOfEitherOnceAndUnchanged() throws Exception {
    try (var nats = NatsServer.start(); var a = sourcing(nats, "node-a"); var b = sourcing(nats, "node-b")) {
      var onA = RecordingClient.connect(a.relay.wsUrl());
      var onB = RecordingClient.connect(b.relay.wsUrl());
      await().atMost(WAIT).until(() -> !onA.ofType("initial").isEmpty() && !onB.ofType("initial").isEmpty());
      String fromA = EventSender.stateChange("cam-a", "idle", "busy", "go");
      String fromB = EventSender.stateChange("cam-b", "idle", "done", "stop");
      try (var engineA = a.relay.sender(); var engineB = b.relay.sender()) {
        engineA.send(fromA);
        engineB.send(fromB);
      }
      await().atMost(WAIT).until(() -> onA.eventTexts().size() == 2 && onB.eventTexts().size() == 2);
      assertThat(onA.eventTexts()).containsExactlyInAnyOrder(fromA, fromB);
      assertThat(onB.eventTexts()).containsExactlyInAnyOrder(fromA, fromB);
      // No loop: what a relay took from NATS it never publishes again, so each event is stored once.
      await().atMost(WAIT).until(() -> a.node.health().sourced() == 1 && b.node.health().sourced() == 1);
      assertThat(a.node.health().published()).isEqualTo(1);
      assertThat(b.node.health().published()).isEqualTo(1);
      try (var c = io.nats.client.Nats.connect(nats.url())) {
        assertThat(c.jetStreamManagement().getStreamInfo(FleetSubjects.EVENTS_STREAM).getStreamState().getMsgCount())
            .isEqualTo(2);
      }
      // The remote event went through the relay's own pipeline: numbered, in the machine table, from nats:<node>.
      assertThat(b.relay.core.machines().initialMessage().toString()).contains("cam-a", "cam-b");
      assertThat(b.relay.core.journal().recent(10, f -> "nats:node-a".equals(f.fields().get("source")))).hasSize(1);
      onA.closeBlocking();
      onB.closeBlocking();
    }
  }

  @Test
  void aRelayStartedLaterBuildsInitialFromTheStreamsHistory() throws Exception {
    try (var nats = NatsServer.start(); var a = FleetRelay.start(nats.url(), "node-a")) {
      try (var engine = a.relay.sender()) {
        engine.send(EventSender.registered("cam-1", "camera", "idle"));
        engine.send(EventSender.stateChange("cam-1", "idle", "busy", "go"));
        engine.send(EventSender.registered("cam-2", "camera", "idle"));
      }
      await().atMost(WAIT).until(() -> a.node.health().published() == 3);
      try (var late = sourcing(nats, "node-c")) {
        await().atMost(WAIT).until(() -> late.node.health().sourced() == 3);
        var client = RecordingClient.connect(late.relay.wsUrl());
        await().atMost(WAIT).until(() -> !client.ofType("initial").isEmpty());
        JsonNode initial = client.ofType("initial").get(0).json();
        List<String> states = new ArrayList<>();
        for (JsonNode m : initial.path("machines")) states.add(m.path("machine_name").asText() + "=" + m.path("current_state").asText());
        assertThat(states).containsExactlyInAnyOrder("cam-1=busy", "cam-2=idle");
        client.closeBlocking();
      }
    }
  }

  @Test
  void aSourcingRelayRecoversAfterNatsRestartsAndShowsItsLag() throws Exception {
    try (var nats = NatsServer.start(); var a = FleetRelay.start(nats.url(), "node-a"); var b = sourcing(nats, "node-b");
        var engine = a.relay.sender()) {
      for (int i = 1; i <= 5; i++) engine.send(EventSender.numbered(i, 100));
      await().atMost(WAIT).until(() -> b.node.health().sourced() == 5);
      nats.restart();
      await().atMost(WAIT).until(() -> a.node.health().status().equals("connected") && b.node.health().status().equals("connected"));
      for (int i = 6; i <= 15; i++) engine.send(EventSender.numbered(i, 100));
      await().atMost(WAIT).until(() -> a.node.health().published() == 15);
      // The source's consumer did not survive the restart: b must notice and read on from where it was.
      await().atMost(WAIT).until(() -> b.node.health().sourced() == 15);
      await().atMost(WAIT).until(() -> b.node.health().sourceLagEvents() == 0);
      assertThat(b.relay.get("/metrics").body()).contains("relayscope_nats_source_lag_events 0",
          "relayscope_nats_source_lag_seconds 0");
      assertThat(b.relay.get("/health").body()).contains("\"sourceLagEvents\":0");
    }
  }
}
