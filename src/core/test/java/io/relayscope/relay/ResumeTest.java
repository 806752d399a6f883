package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.java_websocket.framing.CloseFrame;
import org.junit.jupiter.api.Test;

/**
 * Clients that opt in with ?since= get sequence numbers and, on reconnect, what they missed — never a
 * silent gap. A relay_seq marker follows the event it numbers ("you have everything up to seq"), and
 * carries the relay's run id: a position from another run is a gap.
 */
class ResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The events a client received, each paired with the relay_seq marker right after it: {seq, n}. */
  private static List<long[]> numbered(RecordingClient c) throws Exception {
    var out = new ArrayList<long[]>();
    long pending = -1;
    for (var m : c.snapshot()) {
      if ("relay_seq".equals(m.type())) {
        var j = m.json();
        if (!j.path("snapshot").asBoolean()) {
          out.add(new long[] {j.get("seq").asLong(), pending});
          pending = -1;
        }
      } else if (!"initial".equals(m.type()) && !"ping".equals(m.type()) && !"resume_gap".equals(m.type())) {
        assertThat(pending).as("an event without its marker before " + m.text()).isEqualTo(-1);
        pending = JSON.readTree(m.text()).path("payload").path("n").asLong();
      }
    }
    return out;
  }

  /** The last marker a client saw: what a client saves to resume from. */
  private static com.fasterxml.jackson.databind.JsonNode lastMarker(RecordingClient c) {
    var markers = c.ofType("relay_seq");
    return markers.get(markers.size() - 1).json();
  }

  private static String resumeUrl(TestRelay relay, com.fasterxml.jackson.databind.JsonNode marker) {
    return relay.wsUrl() + "?since=" + marker.get("seq").asLong() + "&run=" + marker.get("run").asText();
  }

  @Test
  void reconnectWithSinceReplaysExactlyWhatWasMissed() throws Exception {
    try (var relay = TestRelay.start(r -> r.withResumeEvents(100))) {
      var upstream = RecordingClient.connect(relay.wsUrl());
      var a = RecordingClient.connect(relay.wsUrl() + "?since=");
      // From now: initial, then the marker saying which event it reflects.
      await().until(() -> a.snapshot().size() == 2);
      assertThat(a.snapshot()).extracting(RecordingClient.Message::type).containsExactly("initial", "relay_seq");
      assertThat(lastMarker(a).get("snapshot").asBoolean()).isTrue();
      try (var sender = relay.sender()) {
        for (int n = 1; n <= 5; n++) sender.send(EventSender.numbered(n, 100));
      }
      await().until(() -> numbered(a).size() == 5);
      assertThat(numbered(a)).allSatisfy(p -> assertThat(p[0]).isEqualTo(p[1])); // marker n follows event n
      // Upstream clients see exactly what they always saw: no markers.
      await().until(() -> upstream.eventTexts().size() == 5);
      assertThat(upstream.snapshot()).noneMatch(m -> "relay_seq".equals(m.type()));

      var saved = lastMarker(a);
      assertThat(saved.get("seq").asLong()).isEqualTo(5);
      assertThat(saved.get("run").asText()).isEqualTo(relay.core.run().id());
      a.closeBlocking();
      try (var sender = relay.sender()) {
        for (int n = 6; n <= 9; n++) sender.send(EventSender.numbered(n, 100));
      }
      await().until(() -> relay.core.snapshot().relay().lastSeq() == 9);
      var back = RecordingClient.connect(resumeUrl(relay, saved));
      await().until(() -> numbered(back).size() == 4);
      assertThat(numbered(back)).extracting(p -> p[0]).containsExactly(6L, 7L, 8L, 9L);
      assertThat(numbered(back)).allSatisfy(p -> assertThat(p[0]).isEqualTo(p[1]));
      assertThat(back.ofType("initial")).isEmpty(); // it has the state: replay only
      try (var sender = relay.sender()) {
        sender.send(EventSender.numbered(10, 100));
      }
      await().until(() -> numbered(back).size() == 5);
      assertThat(numbered(back).get(4)).containsExactly(10L, 10L);
      upstream.close();
      back.close();
    }
  }

  @Test
  void whatTheRingNoLongerHoldsIsAnnouncedThenAFreshInitial() throws Exception {
    try (var relay = TestRelay.start(r -> r.withResumeEvents(3))) {
      String run = relay.core.run().id();
      try (var sender = relay.sender()) {
        for (int n = 1; n <= 10; n++) sender.send(EventSender.numbered(n, 100));
      }
      await().until(() -> relay.core.snapshot().relay().lastSeq() == 10);
      var late = RecordingClient.connect(relay.wsUrl() + "?since=2&run=" + run);
      await().until(() -> late.snapshot().size() == 3);
      var gap = late.ofType("resume_gap");
      assertThat(gap).hasSize(1);
      assertThat(gap.get(0).json().get("since").asLong()).isEqualTo(2);
      assertThat(gap.get(0).json().get("first_available").asLong()).isEqualTo(8);
      assertThat(gap.get(0).json().get("last_seq").asLong()).isEqualTo(10);
      assertThat(gap.get(0).json().get("reason").asText()).contains("no longer held");
      assertThat(late.snapshot()).extracting(RecordingClient.Message::type)
          .containsExactly("resume_gap", "initial", "relay_seq");
      assertThat(lastMarker(late).get("seq").asLong()).isEqualTo(10);
      late.close();
    }
  }

  /** A replay bigger than the client's queue allows once got the client evicted (4008), and it looped reconnecting. */
  @Test
  void aReplayTooBigForTheClientsQueueIsAGapNotAnEviction() throws Exception {
    try (var relay = TestRelay.start(r -> r.withClientQueue(64 * 1024, 50_000))) {
      String run = relay.core.run().id();
      try (var sender = relay.sender()) {
        for (int n = 1; n <= 100; n++) sender.send(EventSender.numbered(n, 1000)); // ~100 KB to replay
      }
      await().until(() -> relay.core.snapshot().relay().lastSeq() == 100);
      var back = RecordingClient.connect(relay.wsUrl() + "?since=0&run=" + run);
      await().until(() -> back.snapshot().size() >= 3 || back.closed.getCount() == 0);
      System.out.printf("resume of 100 KB with a 64 KiB queue: close code %d, frames %s%n", back.closeCode,
          back.snapshot().stream().map(RecordingClient.Message::type).toList());
      assertThat(back.isOpen()).isTrue();
      assertThat(back.snapshot()).extracting(RecordingClient.Message::type)
          .containsExactly("resume_gap", "initial", "relay_seq");
      assertThat(back.ofType("resume_gap").get(0).json().get("reason").asText()).contains("over what the client's queue allows");
      assertThat(relay.core.snapshot().relay().evictions()).isZero();
      back.close();
    }
  }

  /** After a restart sequence numbers start again: a position from the old run once replayed the wrong events. */
  @Test
  void aPositionFromAnotherRunIsAGap() throws Exception {
    com.fasterxml.jackson.databind.JsonNode saved;
    try (var first = TestRelay.start()) {
      var a = RecordingClient.connect(first.wsUrl() + "?since=");
      try (var sender = first.sender()) {
        for (int n = 1; n <= 3; n++) sender.send(EventSender.numbered(n, 100));
      }
      await().until(() -> numbered(a).size() == 3);
      saved = lastMarker(a);
      a.close();
    }
    try (var second = TestRelay.start()) {
      try (var sender = second.sender()) {
        for (int n = 101; n <= 105; n++) sender.send(EventSender.numbered(n, 100));
      }
      await().until(() -> second.core.snapshot().relay().lastSeq() == 5);
      var back = RecordingClient.connect(resumeUrl(second, saved));
      await().until(() -> back.snapshot().size() >= 3);
      assertThat(back.snapshot()).extracting(RecordingClient.Message::type)
          .containsExactly("resume_gap", "initial", "relay_seq");
      assertThat(back.ofType("resume_gap").get(0).json().get("reason").asText()).contains("not this relay's run");
      assertThat(lastMarker(back).get("run").asText()).isNotEqualTo(saved.get("run").asText());
      // Without a run the position cannot be trusted either.
      var noRun = RecordingClient.connect(second.wsUrl() + "?since=3");
      await().until(() -> noRun.snapshot().size() >= 3);
      assertThat(noRun.ofType("resume_gap").get(0).json().get("reason").asText()).contains("no run given");
      back.close();
      noRun.close();
    }
  }

  @Test
  void aSinceThatIsNotANumberIsAnErrorThenAFreshStart() throws Exception {
    try (var relay = TestRelay.start()) {
      var c = RecordingClient.connect(relay.wsUrl() + "?since=yesterday");
      await().atMost(Duration.ofSeconds(10)).until(() -> c.snapshot().size() >= 3);
      assertThat(c.snapshot()).extracting(RecordingClient.Message::type).containsExactly("error", "initial", "relay_seq");
      assertThat(c.ofType("error").get(0).json().get("error").asText())
          .contains("since must be a relay sequence number").contains("'yesterday'");
      assertThat(c.isOpen()).isTrue();
      c.close();
    }
  }

  @Test
  void binaryFramesCloseTheClientAsUpstreamDoes() throws Exception {
    try (var relay = TestRelay.start()) {
      var c = RecordingClient.connect(relay.wsUrl());
      c.send(ByteBuffer.wrap(new byte[] {1, 2, 3}));
      assertThat(c.closed.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(c.closeCode).isEqualTo(CloseFrame.REFUSE);
      assertThat(c.closeReason).contains("text only");
    }
  }
}
