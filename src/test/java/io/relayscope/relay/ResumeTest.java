package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.java_websocket.framing.CloseFrame;
import org.junit.jupiter.api.Test;

/** Clients that opt in with ?since= get sequence numbers and, on reconnect, what they missed — never a silent gap. */
class ResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The events a client received, each paired with the relay_seq marker before it. */
  private static List<long[]> numbered(RecordingClient c) throws Exception {
    var out = new ArrayList<long[]>();
    long pending = -1;
    for (var m : c.snapshot()) {
      if ("relay_seq".equals(m.type())) {
        var j = m.json();
        if (!j.path("snapshot").asBoolean()) pending = j.get("seq").asLong();
      } else if (!"initial".equals(m.type()) && !"ping".equals(m.type()) && !"resume_gap".equals(m.type())) {
        out.add(new long[] {pending, JSON.readTree(m.text()).path("payload").path("n").asLong()});
        pending = -1;
      }
    }
    return out;
  }

  @Test
  void reconnectWithSinceReplaysExactlyWhatWasMissed() throws Exception {
    try (var relay = TestRelay.start(r -> r.withResumeEvents(100))) {
      var upstream = RecordingClient.connect(relay.wsUrl());
      var a = RecordingClient.connect(relay.wsUrl() + "?since=");
      try (var sender = relay.sender()) {
        for (int n = 1; n <= 5; n++) sender.send(EventSender.numbered(n, 100));
      }
      await().until(() -> numbered(a).size() == 5);
      assertThat(numbered(a)).allSatisfy(p -> assertThat(p[0]).isEqualTo(p[1])); // seq n carries event n
      // Upstream clients see exactly what they always saw: no markers.
      await().until(() -> upstream.eventTexts().size() == 5);
      assertThat(upstream.snapshot()).noneMatch(m -> "relay_seq".equals(m.type()));

      a.closeBlocking();
      try (var sender = relay.sender()) {
        for (int n = 6; n <= 9; n++) sender.send(EventSender.numbered(n, 100));
      }
      await().until(() -> relay.core.snapshot().relay().lastSeq() == 9);
      var back = RecordingClient.connect(relay.wsUrl() + "?since=5");
      await().until(() -> numbered(back).size() == 4);
      assertThat(numbered(back)).extracting(p -> p[0]).containsExactly(6L, 7L, 8L, 9L);
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
      try (var sender = relay.sender()) {
        for (int n = 1; n <= 10; n++) sender.send(EventSender.numbered(n, 100));
      }
      await().until(() -> relay.core.snapshot().relay().lastSeq() == 10);
      var late = RecordingClient.connect(relay.wsUrl() + "?since=2");
      var gap = late.ofType("resume_gap");
      assertThat(gap).hasSize(1);
      assertThat(gap.get(0).json().get("since").asLong()).isEqualTo(2);
      assertThat(gap.get(0).json().get("first_available").asLong()).isEqualTo(8);
      assertThat(gap.get(0).json().get("last_seq").asLong()).isEqualTo(10);
      assertThat(late.snapshot().get(0).type()).isEqualTo("resume_gap");
      assertThat(late.snapshot().get(1).type()).isEqualTo("relay_seq");
      assertThat(late.snapshot().get(2).type()).isEqualTo("initial");
      late.close();
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
