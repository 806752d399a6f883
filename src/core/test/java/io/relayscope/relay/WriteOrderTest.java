package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.support.EventSender;
import io.relayscope.support.RawWsClient;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import io.relayscope.support.WireReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Bytes on one connection come from several threads: our batches, written through by the hub or
 * finished by the selector, and the library's own frames (keepalive pings here) queued from the
 * keepalive thread. A slow reader with a tiny receive buffer makes many of our writes partial while
 * pings go out every few milliseconds: a ping written inside a part-written batch of ours breaks the
 * stream, and the reader's frame check catches it.
 */
class WriteOrderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EVENTS = 12_000;
  private static final int FAST_CLIENTS = 4;

  @Test
  void partWrittenBatchesNeverInterleaveWithPingsOrEachOther() throws Exception {
    try (var relay = TestRelay.start(r -> r.withSendTimeout(Duration.ofSeconds(60))
        .withClientQueue(512L << 20, 1_000_000)
        .withSocketSendBuffer(4096) // partial writes on every client, not only the slow one
        .withKeepalive(Duration.ofMillis(3), Duration.ofMillis(2), Duration.ofSeconds(120)));
        var slow = WireReader.connect(relay.core.port(), 2048, 200, 4)) {
      var fast = new ArrayList<RecordingClient>();
      for (int i = 0; i < FAST_CLIENTS; i++) {
        // No pongs: at a ping every 2 ms they would be over the inbound rate, and closed for it.
        var c = new RecordingClient(relay.wsUrl(), false, java.util.Map.of());
        assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
        fast.add(c);
      }
      await().atMost(10, TimeUnit.SECONDS).until(() -> fast.stream().allMatch(c -> !c.ofType("initial").isEmpty()));
      await().atMost(10, TimeUnit.SECONDS).until(() -> slow.frameCount() > 0);

      try (var sender = relay.sender()) {
        var random = ThreadLocalRandom.current();
        for (int n = 0; n < EVENTS; n++) sender.send(EventSender.numbered(n, 100 + random.nextInt(1900)));
      }

      await().atMost(90, TimeUnit.SECONDS).until(() -> slow.done() || eventsIn(slow.frames()) >= EVENTS);
      List<WireReader.Frame> frames = slow.frames();
      assertThat(slow.violation()).as("every byte the slow reader got is a valid frame").isNull();
      assertStream(frames);
      assertThat(frames).as("events, pings and JSON pings reached it").extracting(WireReader.Frame::opcode)
          .contains(RawWsClient.PING, RawWsClient.TEXT);
      assertThat(eventsIn(frames)).as("no eviction: every event").isEqualTo(EVENTS);

      for (var c : fast) {
        try {
          await().atMost(60, TimeUnit.SECONDS).until(() -> c.eventTexts().size() >= EVENTS);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          var why = new StringBuilder("fast client has " + c.eventTexts().size() + " events\n");
          for (var st : relay.core.snapshot().clients()) {
            RelayConnection conn = relay.core.relay().connectionOf(st.id());
            var ch = (CountingChannel) conn.getChannel();
            why.append(st.id()).append(" queued=").append(st.queueFrames()).append(" lastSeq=").append(st.lastSeqSent())
                .append(" state=").append(st.state()).append(" outQueue=").append(conn.outQueue.size())
                .append(" needWrite=").append(ch.isNeedWrite()).append(" interest=").append(conn.getSelectionKey().interestOps())
                .append(" through=").append(ch.throughWrites()).append(" remainders=").append(ch.remainders()).append('\n');
          }
          why.append("rearmed=").append(relay.core.snapshot().relay().writeWakeupsRestored());
          throw new AssertionError(why.toString(), e);
        }
        List<String> texts = c.eventTexts();
        assertThat(texts).hasSize(EVENTS);
        for (int n = 0; n < EVENTS; n++) {
          if (JSON.readTree(texts.get(n)).path("payload").path("n").asInt(-1) != n) {
            throw new AssertionError("fast client: event " + n + " out of order: " + texts.get(n).substring(0, 80));
          }
        }
      }
      // Both ways were taken: whole write-throughs, and remainders the selector finished. Which
      // connection gets a partial write-through depends on timing (a ping queued at that moment
      // sends the batch the library's way), so they are counted over all of them.
      long through = 0;
      long remainders = 0;
      for (int i = 1; i <= FAST_CLIENTS + 1; i++) {
        var channel = (CountingChannel) relay.core.relay().connectionOf("c" + i).getChannel();
        through += channel.throughWrites();
        remainders += channel.remainders();
      }
      System.out.printf("write-throughs: %d whole, %d partial%n", through, remainders);
      assertThat(through).as("whole write-throughs").isPositive();
      assertThat(remainders).as("partial write-throughs").isPositive();
      for (var c : fast) c.close();
    }
  }

  /** initial first (pings aside), then events in order with none missing (until a Close), JSON pings anywhere, pings of 8 bytes. */
  private static void assertStream(List<WireReader.Frame> frames) throws Exception {
    int first = 0;
    // Keepalive starts as the client joins: a ping (either kind) may come before initial, at these intervals.
    while (first < frames.size() && (frames.get(first).opcode() == RawWsClient.PING
        || frames.get(first).text().startsWith("{\"type\":\"ping\""))) {
      first++;
    }
    assertThat(first).isLessThan(frames.size());
    assertThat(JSON.readTree(frames.get(first).text()).path("type").asText()).isEqualTo("initial");
    int expected = 0;
    for (int i = first + 1; i < frames.size(); i++) {
      WireReader.Frame f = frames.get(i);
      switch (f.opcode()) {
        case RawWsClient.PING -> assertThat(f.payload()).as("ping %d", i).hasSize(Long.BYTES);
        case RawWsClient.CLOSE -> {
          return; // an eviction: nothing to check after it
        }
        case RawWsClient.TEXT -> {
          JsonNode json;
          try {
            json = JSON.readTree(f.text());
          } catch (java.io.IOException e) {
            throw new AssertionError("frame " + i + " of " + frames.size() + " (" + f.payload().length
                + " bytes, after event " + (expected - 1) + ") is not JSON: " + printable(f.payload()), e);
          }
          String type = json.path("type").asText();
          if (type.equals("ping")) continue;
          int n = json.path("payload").path("n").asInt(-1);
          if (n != expected) throw new AssertionError("frame " + i + ": event " + n + ", expected " + expected);
          expected++;
        }
        default -> throw new AssertionError("frame " + i + ": opcode " + f.opcode());
      }
    }
  }

  private static String printable(byte[] b) {
    var out = new StringBuilder();
    for (byte x : b) out.append(x >= 32 && x < 127 ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xff));
    return out.length() > 3000 ? out.substring(0, 1500) + " ... " + out.substring(out.length() - 1500) : out.toString();
  }

  private static int eventsIn(List<WireReader.Frame> frames) {
    int n = 0;
    for (WireReader.Frame f : frames) {
      if (f.opcode() == RawWsClient.TEXT && f.text().contains("\"type\":\"activity_log\"")) n++;
    }
    return n;
  }
}
