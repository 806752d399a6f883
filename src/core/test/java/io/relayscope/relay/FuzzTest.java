package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.RecordingClient;
import io.relayscope.support.Fds;
import io.relayscope.support.TestRelay;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 100,000 random and mutated datagrams, and garbage WebSocket frames, at the running relay: it
 * stays up, counts every input, and a healthy client receives every good event in between, in order.
 */
class FuzzTest {
  private static final int DATAGRAMS = 100_000;
  private static final String GOOD = "{\"machine_name\":\"fuzz-good\",\"type\":\"activity_log\",\"payload\":{\"n\":%d}}";
  private static final String SEED = "{\"machine_name\":\"face_processor\",\"type\":\"state_change\",\"payload\":"
      + "{\"from_state\":\"verifying_dimensions\",\"to_state\":\"detecting_faces\",\"event_trigger\":\"dimensions_verified\","
      + "\"timestamp\":1761339197.342266}}";

  @Test
  void relaySurvivesFuzzedDatagramsAndFramesAndLosesNoGoodEvent() throws Exception {
    var random = new Random(20251024);
    try (var relay = TestRelay.start(r -> r.withAccess(r.access().withInboundRate(1000)))) {
      var healthy = RecordingClient.connect(relay.wsUrl());
      long fdsBefore = Fds.open();
      int good = 0;
      long delivered = 0; // datagrams the kernel took (a blocking send can still refuse an oversized one)
      try (var sender = relay.sender()) {
        for (int i = 0; i < DATAGRAMS; i++) {
          if (i % 10 == 0) {
            assertThat(sender.send(String.format(GOOD, good++))).isTrue();
            delivered++;
          } else if (sender.send(mutate(random))) {
            delivered++;
          }
        }
      }
      long taken = delivered;
      assertThat(taken).isGreaterThan(DATAGRAMS * 9L / 10);
      // Garbage from WebSocket clients: random text (ignored), then binary (refused with 1003).
      var rogues = new ArrayList<RecordingClient>();
      for (int c = 0; c < 5; c++) {
        var rogue = RecordingClient.connect(relay.wsUrl());
        rogues.add(rogue);
        int texts = 0;
        for (int m = 0; m < 300; m++) {
          byte[] junk = new byte[random.nextInt(2000)];
          random.nextBytes(junk);
          if (random.nextBoolean()) {
            rogue.send(junk);
            break; // the relay answers the first binary frame by closing
          }
          rogue.send(new String(junk, StandardCharsets.ISO_8859_1));
          texts++;
        }
        assertThat(rogue.closed.await(30, TimeUnit.SECONDS)).as("rogue %d closed by the relay", c).isTrue();
        assertThat(rogue.closedRemotely).isTrue();
        assertThat(rogue.closeCode).as("close code after %d junk texts and a binary frame", texts)
            .isEqualTo(org.java_websocket.framing.CloseFrame.REFUSE);
        assertThat(rogue.closeReason).contains("text only");
      }

      int goodSent = good;
      await().atMost(60, TimeUnit.SECONDS).until(() -> relay.core.snapshot().relay().eventsIn()
          + relay.core.snapshot().relay().rejectedTotal() == taken);
      var stats = relay.core.snapshot().relay();
      // Every input counted once, by reason.
      assertThat(stats.rejectedByReason().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(stats.rejectedTotal());
      assertThat(stats.rejectedTotal()).isGreaterThan(DATAGRAMS / 2);
      assertThat(stats.handoffFull()).isZero();
      // Every good event arrived, in order; so did every other accepted one.
      await().atMost(60, TimeUnit.SECONDS).until(() -> healthy.eventTexts().size() == stats.eventsIn());
      List<String> goodSeen = healthy.eventTexts().stream().filter(t -> t.contains("\"fuzz-good\"")).toList();
      assertThat(goodSeen).hasSize(goodSent);
      for (int n = 0; n < goodSent; n++) assertThat(goodSeen.get(n)).isEqualTo(String.format(GOOD, n));
      assertThat(healthy.isOpen()).isTrue();
      // Still serving, and nothing leaked: the rogues are gone and so are their descriptors.
      assertThat(relay.get("/health").statusCode()).isEqualTo(200);
      for (var r : rogues) r.closeBlocking();
      await().atMost(10, TimeUnit.SECONDS).until(() -> relay.core.snapshot().clients().size() == 1);
      await().atMost(10, TimeUnit.SECONDS).until(() -> Fds.open() <= fdsBefore + 5);
      // Precisely: the relay holds its listener and the healthy client's connection, no rogue's.
      await().atMost(10, TimeUnit.SECONDS).until(() -> Fds.tcpOnPort(relay.core.port()) == 2);
      healthy.close();
    }
  }

  /** A datagram built to break things: mutated valid events, random bytes, deep nests, odd shapes. */
  static byte[] mutate(Random r) {
    byte[] seed = SEED.getBytes(StandardCharsets.UTF_8);
    switch (r.nextInt(8)) {
      case 0 -> { // flip bytes
        byte[] b = seed.clone();
        for (int k = 0; k < 1 + r.nextInt(4); k++) b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        return b;
      }
      case 1 -> { // cut
        return java.util.Arrays.copyOf(seed, r.nextInt(seed.length));
      }
      case 2 -> { // random bytes
        byte[] b = new byte[1 + r.nextInt(600)];
        r.nextBytes(b);
        return b;
      }
      case 3 -> { // deep nesting
        int depth = 30 + r.nextInt(120);
        return ("{\"type\":\"x\",\"payload\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
      }
      case 4 -> { // not an object
        String[] shapes = {"[1,2,3]", "\"type\"", "42", "null", "true", "{}", "{\"type\":7}", "{\"event_type\":null}"};
        return shapes[r.nextInt(shapes.length)].getBytes(StandardCharsets.UTF_8);
      }
      case 5 -> { // invalid UTF-8 inside a string
        byte[] b = seed.clone();
        int at = 20 + r.nextInt(b.length - 40);
        b[at] = (byte) 0xC0;
        b[at + 1] = (byte) 0x20;
        return b;
      }
      case 6 -> { // too large
        return ("{\"type\":\"x\",\"payload\":\"" + "y".repeat(200 * 1024 + r.nextInt(512)) + "\"}").getBytes(StandardCharsets.UTF_8);
      }
      default -> { // a valid event with a random type (accepted and forwarded)
        return ("{\"type\":\"t" + r.nextInt(1000) + "\",\"payload\":{}}").getBytes(StandardCharsets.UTF_8);
      }
    }
  }
}
