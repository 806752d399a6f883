package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.java_websocket.framing.CloseFrame;
import org.junit.jupiter.api.Test;

/** Who gets in, and how much they may send: token, Origin, client cap, handshake timeout, frame size, rate. */
class AccessPolicyTest {
  private static final String TOKEN = "s3cret-token";

  /** Sends an upgrade request with extra header lines and returns the response's status line. */
  private static String handshake(int port, String path, String extraHeaders) throws Exception {
    try (var s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(5000);
      String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
      s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      var line = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0 && b != '\r') line.append((char) b);
      return line.toString();
    }
  }

  @Test
  void tokenIsRequiredInAnyOfItsThreeFormsAndRefusalsAreJournaled() throws Exception {
    try (var relay = TestRelay.start(r -> r.withAccess(r.access().withToken(TOKEN)))) {
      int port = relay.core.port();
      assertThat(handshake(port, "/ws/events", "")).isEqualTo("HTTP/1.1 401 Unauthorized");
      assertThat(handshake(port, "/ws/events?token=wrong", "")).startsWith("HTTP/1.1 401");
      assertThat(handshake(port, "/ws/events?token=" + TOKEN, "")).startsWith("HTTP/1.1 101");
      assertThat(handshake(port, "/ws/events", "Authorization: Bearer " + TOKEN + "\r\n")).startsWith("HTTP/1.1 101");
      assertThat(handshake(port, "/ws/events", "Sec-WebSocket-Protocol: " + TOKEN + "\r\n")).startsWith("HTTP/1.1 101");
      // HTTP endpoints: /health stays open for probes, the rest needs the token too.
      assertThat(relay.get("/health").statusCode()).isEqualTo(200);
      assertThat(relay.get("/initial").statusCode()).isEqualTo(401);
      assertThat(relay.get("/metrics?token=" + TOKEN).statusCode()).isEqualTo(200);
      // A real client with the token works end to end; the URL it shows does not leak the token.
      var c = RecordingClient.connect(relay.wsUrl() + "?token=" + TOKEN);
      await().until(() -> relay.core.snapshot().clients().stream().anyMatch(s -> s.path().contains("token=…")));
      assertThat(relay.core.snapshot().clients()).noneMatch(s -> s.path().contains(TOKEN));
      // Three refusals (two handshakes, GET /initial): the first from a host is journaled with its
      // remote, the rest of that second in a counted summary.
      await().untilAsserted(() -> {
        var refused = relay.core.journal().recent(100, f -> f.kind() == FactKind.CLIENT_REFUSED);
        assertThat(refused).allSatisfy(f -> assertThat(f.fields()).containsEntry("status", 401));
        assertThat(refused.get(0).fields()).containsKey("remote");
        assertThat(refused.stream().mapToLong(f -> ((Number) f.fields().getOrDefault("count", 1)).longValue()).sum()).isEqualTo(3);
      });
      c.close();
    }
  }

  @Test
  void nonLoopbackAddressNeedsAToken() {
    assertThatThrownBy(() -> RelayConfig.defaults().withAccess(AccessPolicy.defaults()).withHost("0.0.0.0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs --token");
    assertThat(RelayConfig.defaults().withAccess(AccessPolicy.defaults().withToken(TOKEN)).withHost("0.0.0.0").host())
        .isEqualTo("0.0.0.0");
  }

  @Test
  void originAndClientCapAreEnforcedAtTheHandshake() throws Exception {
    try (var relay = TestRelay.start(r -> r.withAccess(r.access()
        .withAllowedOrigins(List.of("http://localhost:3001")).withMaxClients(2)))) {
      int port = relay.core.port();
      assertThat(handshake(port, "/ws/events", "Origin: http://evil.example\r\n")).startsWith("HTTP/1.1 403");
      var a = RecordingClient.connect(relay.wsUrl());
      var b = new RecordingClient(relay.wsUrl(), true, Map.of("Origin", "http://localhost:3001"));
      assertThat(b.connectBlocking(5, TimeUnit.SECONDS)).isTrue();
      await().until(() -> relay.core.snapshot().clients().size() == 2);
      assertThat(handshake(port, "/ws/events", "")).startsWith("HTTP/1.1 503");
      a.close();
      b.close();
    }
  }

  @Test
  void connectionThatSendsNothingIsDropped() throws Exception {
    try (var relay = TestRelay.start(r -> r.withAccess(r.access().withHandshakeTimeout(Duration.ofMillis(500))))) {
      try (var s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", relay.core.port()), 5000);
        s.setSoTimeout(10_000);
        long t0 = System.nanoTime();
        assertThat(s.getInputStream().read()).isEqualTo(-1); // closed by the relay
        assertThat((System.nanoTime() - t0) / 1e6).isLessThan(5000);
      }
      assertThat(relay.core.journal().recent(10, f -> f.kind() == FactKind.CLIENT_REFUSED))
          .singleElement().satisfies(f -> assertThat(f.fields()).containsEntry("answer", "none").doesNotContainKey("status"));
      // Nothing was sent, so no HTTP status is claimed in /metrics either.
      assertThat(relay.core.snapshot().relay().refusedByStatus()).doesNotContainKey(408);
      assertThat(relay.core.snapshot().relay().handshakesTimedOut()).isEqualTo(1);
    }
  }

  @Test
  void oversizedFrameClosesWith1009AndAFloodWith1008() throws Exception {
    try (var relay = TestRelay.start(r -> r.withAccess(r.access().withInboundRate(20)))) {
      var big = RecordingClient.connect(relay.wsUrl());
      big.send(ByteBuffer.allocate(100 * 1024));
      assertThat(big.closed.await(5, TimeUnit.SECONDS)).isTrue();
      await().until(() -> relay.core.snapshot().recentlyClosed().stream().anyMatch(c -> c.closeCode() == CloseFrame.TOOBIG));
      assertThat(big.closeCode).isIn(CloseFrame.TOOBIG, CloseFrame.ABNORMAL_CLOSE);

      var flood = RecordingClient.connect(relay.wsUrl());
      for (int i = 0; i < 200 && flood.isOpen(); i++) {
        try {
          flood.send("ping");
        } catch (org.java_websocket.exceptions.WebsocketNotConnectedException closed) {
          break;
        }
      }
      assertThat(flood.closed.await(5, TimeUnit.SECONDS)).isTrue();
      // The relay's side is what counts: a client still sending when its connection ends may get a
      // TCP reset instead of the close frame (then it sees 1006).
      await().until(() -> relay.core.snapshot().recentlyClosed().stream()
          .anyMatch(c -> c.closeCode() == CloseFrame.POLICY_VALIDATION && c.closeReason().contains("inbound messages over 20/s")));
      assertThat(flood.closeCode).isIn(CloseFrame.POLICY_VALIDATION, CloseFrame.ABNORMAL_CLOSE);

      // A client that pings now and then is fine.
      var calm = RecordingClient.connect(relay.wsUrl());
      for (int i = 1; i <= 5; i++) {
        calm.send("ping");
        int answered = i;
        await().until(() -> calm.ofType("pong").size() == answered);
      }
      assertThat(calm.isOpen()).isTrue();
      calm.close();
    }
  }
}
