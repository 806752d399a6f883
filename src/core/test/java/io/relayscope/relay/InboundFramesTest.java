package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.RawWsClient;
import io.relayscope.support.TestRelay;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.java_websocket.framing.CloseFrame;
import org.junit.jupiter.api.Test;

/**
 * What a hostile client can send after the handshake (issue #12): a message that never finishes,
 * ping and pong floods, pongs nobody asked for, unmasked frames. Hand-built frames on a raw socket.
 */
class InboundFramesTest {

  /** 60 KB fragments without FIN: each under the 64 KiB cap, the message over it after two. */
  @Test
  void aFragmentedMessageIsBoundedAcrossContinuationFrames() throws Exception {
    try (var relay = TestRelay.start(); var c = RawWsClient.connect(relay.core.port())) {
      byte[] fragment = new byte[60_000];
      Arrays.fill(fragment, (byte) 'a');
      int sent = 0;
      try {
        c.send(RawWsClient.TEXT, false, fragment);
        for (sent = 1; sent < 200; sent++) c.send(RawWsClient.CONTINUATION, false, fragment); // 12 MB, never FIN
      } catch (IOException e) {
        // the relay closed on us mid-flood: that is the point
      }
      assertThat(c.readUntilClose()).isEqualTo(CloseFrame.TOOBIG);
      // The relay lives on and serves others.
      try (var other = RawWsClient.connect(relay.core.port())) {
        other.send(RawWsClient.TEXT, true, "ping".getBytes(StandardCharsets.UTF_8));
        assertThat(firstText(other)).isEqualTo("{\"type\":\"pong\"}");
      }
    }
  }

  @Test
  void aFragmentedMessageUnderTheCapStillArrivesAndTheCountStartsAfreshForTheNext() throws Exception {
    try (var relay = TestRelay.start(); var c = RawWsClient.connect(relay.core.port())) {
      for (int i = 0; i < 3; i++) { // three messages of 2 x 30 KB + "ping"-ish tail: each alone under the cap
        c.send(RawWsClient.TEXT, false, new byte[0]);
        c.send(RawWsClient.CONTINUATION, false, "pi".getBytes(StandardCharsets.UTF_8));
        c.send(RawWsClient.CONTINUATION, true, "ng".getBytes(StandardCharsets.UTF_8));
      }
      byte[] half = new byte[30_000];
      Arrays.fill(half, (byte) ' ');
      for (int i = 0; i < 4; i++) { // 4 messages of 60 KB: 240 KB in all, never more than 60 KB at once
        c.send(RawWsClient.TEXT, false, half);
        c.send(RawWsClient.CONTINUATION, true, half);
      }
      c.send(RawWsClient.TEXT, true, "ping".getBytes(StandardCharsets.UTF_8));
      assertThat(countPongs(c, 4)).isEqualTo(4);
    }
  }

  /** 5,000 RFC pings in one write: the relay must not queue 5,000 pongs. */
  @Test
  void aPingFloodCountsAgainstTheInboundRateAndIsClosedWith1008() throws Exception {
    try (var relay = TestRelay.start(); var c = RawWsClient.connect(relay.core.port())) {
      var flood = new ByteArrayOutputStream();
      byte[] payload = new byte[125];
      for (int i = 0; i < 5000; i++) flood.writeBytes(RawWsClient.frame(RawWsClient.PING, true, payload, true));
      // Written from another thread while this one reads: a client blocked in its write (the relay stops
      // reading once it closes) would read nothing, and the relay ends TCP 500 ms after its Close.
      long started = System.nanoTime();
      var writing = CompletableFuture.runAsync(() -> {
        try {
          c.sendAll(flood.toByteArray());
        } catch (IOException e) {
          // closed mid-flood
        }
      });
      int pongs = 0;
      int code = -1;
      RawWsClient.Frame f;
      while ((f = c.read()) != null) {
        if (f.opcode() == RawWsClient.PONG) pongs++;
        if (f.opcode() == RawWsClient.CLOSE) {
          code = f.closeCode();
          break;
        }
      }
      long closedAfter = System.nanoTime() - started;
      writing.get(30, TimeUnit.SECONDS);
      // The bucket holds twice the rate (200), and refills at the rate while the flood goes on: no more
      // pongs than that went out.
      int rate = AccessPolicy.defaults().inboundMessagesPerSecond();
      assertThat(pongs).isLessThanOrEqualTo(2 * rate + (int) Math.ceil(rate * closedAfter / 1e9));
      // The relay closed it with 1008, by its own record.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(relay.core.snapshot().clients()).isEmpty());
      assertThat(relay.core.snapshot().recentlyClosed()).first().satisfies(x -> assertThat(x.closeCode()).isEqualTo(CloseFrame.POLICY_VALIDATION));
      // What the client heard: the relay's 1008 — unless its own flood, arriving at a socket the relay
      // had closed with input unread, drew a reset first (CI, a busy machine: the read ended with a reset
      // and no Close, 68 ms in; which side's kernel or JDK dropped the Close was not established). The
      // library closes the socket as soon as its Close is written; lingering until the client has read
      // it is not done (yet).
      if (code != -1) assertThat(code).isEqualTo(CloseFrame.POLICY_VALIDATION);
    }
  }

  @Test
  void aPongFloodCountsAgainstTheInboundRateToo() throws Exception {
    try (var relay = TestRelay.start(); var c = RawWsClient.connect(relay.core.port())) {
      var flood = new ByteArrayOutputStream();
      for (int i = 0; i < 5000; i++) flood.writeBytes(RawWsClient.frame(RawWsClient.PONG, true, new byte[8], true));
      try {
        c.sendAll(flood.toByteArray());
      } catch (IOException e) {
        // closed mid-flood
      }
      assertThat(c.readUntilClose()).isEqualTo(CloseFrame.POLICY_VALIDATION);
    }
  }

  /** Pongs with a plausible 8-byte payload, sent unasked, must not stand in for answers to our pings. */
  @Test
  void unsolicitedPongsDoNotResetKeepalive() throws Exception {
    try (var relay = TestRelay.start(r -> r.withKeepalive(Duration.ofSeconds(60), Duration.ofMillis(300), Duration.ofSeconds(1)));
        var c = RawWsClient.connect(relay.core.port())) {
      long start = System.nanoTime();
      int code = -1;
      c.setReadTimeout(100);
      while (System.nanoTime() - start < 10_000_000_000L) {
        byte[] fake = ByteBuffer.allocate(8).putLong(System.nanoTime()).array();
        c.send(RawWsClient.PONG, true, fake);
        RawWsClient.Frame f = c.readOrTimeout();
        if (f != null && f.opcode() == RawWsClient.CLOSE) {
          code = f.closeCode();
          break;
        }
      }
      assertThat(code).isEqualTo(CloseCodes.KEEPALIVE_TIMEOUT);
    }
  }

  /** RFC 6455 5.1: a server must close on an unmasked client frame. */
  @Test
  void anUnmaskedClientFrameIsClosedWith1002() throws Exception {
    try (var relay = TestRelay.start(); var c = RawWsClient.connect(relay.core.port())) {
      c.send(RawWsClient.TEXT, true, "ping".getBytes(StandardCharsets.UTF_8), false);
      assertThat(c.readUntilClose()).isEqualTo(CloseFrame.PROTOCOL_ERROR);
    }
  }

  /**
   * RFC 6455 section 7.1.6/8.1: a Close whose reason is not UTF-8 fails the connection with 1007.
   * The library left its close frame half-built (an NPE the worker swallowed): no answer until
   * keepalive closed it with 4009 15 s later. What came before it in the same read is still served.
   */
  @Test
  void aCloseWithAnInvalidUtf8ReasonIsAnsweredWith1007AtOnce() throws Exception {
    try (var relay = TestRelay.start()) {
      byte[] badReason = {0x03, (byte) 0xe8, 'b', (byte) 0xff, (byte) 0xc3, 'x'}; // 1000, then not UTF-8
      try (var c = RawWsClient.connect(relay.core.port())) {
        var both = new ByteArrayOutputStream();
        both.writeBytes(RawWsClient.frame(RawWsClient.TEXT, true, "ping".getBytes(StandardCharsets.UTF_8), true));
        both.writeBytes(RawWsClient.frame(RawWsClient.CLOSE, true, badReason, true));
        c.sendAll(both.toByteArray());
        c.setReadTimeout(5_000); // well under the 15 s keepalive that used to end it
        assertThat(firstText(c)).isEqualTo("{\"type\":\"pong\"}");
        assertThat(c.readUntilClose()).isEqualTo(CloseFrame.NO_UTF8);
      }
      // The same Close arriving in two pieces (the library completes it across reads).
      try (var c = RawWsClient.connect(relay.core.port())) {
        byte[] close = RawWsClient.frame(RawWsClient.CLOSE, true, badReason, true);
        c.sendAll(Arrays.copyOfRange(close, 0, 8));
        c.sendAll(Arrays.copyOfRange(close, 8, close.length));
        c.setReadTimeout(5_000);
        assertThat(c.readUntilClose()).isEqualTo(CloseFrame.NO_UTF8);
      }
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(relay.core.snapshot().clients()).isEmpty());
      // A valid reason still gets its ordinary answer.
      try (var c = RawWsClient.connect(relay.core.port())) {
        c.send(RawWsClient.CLOSE, true, new byte[] {0x03, (byte) 0xe8, 'o', 'k'});
        c.setReadTimeout(5_000);
        assertThat(c.readUntilClose()).isEqualTo(CloseFrame.NORMAL);
      }
    }
  }

  private static String firstText(RawWsClient c) throws IOException {
    RawWsClient.Frame f;
    while ((f = c.read()) != null) {
      if (f.opcode() == RawWsClient.TEXT && f.text().contains("pong")) return f.text();
    }
    return null;
  }

  private static int countPongs(RawWsClient c, int expected) throws IOException {
    int n = 0;
    RawWsClient.Frame f;
    while (n < expected && (f = c.read()) != null) {
      if (f.opcode() == RawWsClient.TEXT && f.text().equals("{\"type\":\"pong\"}")) n++;
      if (f.opcode() == RawWsClient.CLOSE) break;
    }
    return n;
  }
}
