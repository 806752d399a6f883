package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.relayscope.support.RawHttp;
import io.relayscope.support.TestRelay;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The HTTP side of the WebSocket port as an attacker (and an old client) sees it (issue #12). */
class HttpEdgeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UPGRADE_HEADERS = "Upgrade: websocket\r\nConnection: Upgrade\r\n";
  private static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
  private static final String V13 = "Sec-WebSocket-Version: 13\r\n";

  @Test
  void anOversizedRequestHeadGets431AndTheConnectionIsClosed() throws Exception {
    try (var relay = TestRelay.start()) {
      int port = relay.core.port();
      var big = new StringBuilder("GET /ws/events HTTP/1.1\r\nHost: x\r\n" + UPGRADE_HEADERS + KEY + V13);
      String filler = "X-Filler: " + "a".repeat(1000) + "\r\n";
      while (big.length() < 16 * 1024 * 1024) big.append(filler); // 16 MB of headers, never ending
      var answer = RawHttp.exchange(port, big.toString());
      assertThat(answer.status()).isEqualTo(431);
      assertThat(answer.closedByRelay()).isTrue();
      // A head just under the cap is still served.
      String fine = "GET /health HTTP/1.1\r\nHost: x\r\n" + "X-Filler: " + "a".repeat(6000) + "\r\n\r\n";
      assertThat(RawHttp.exchange(port, fine).status()).isEqualTo(200);
    }
  }

  @Test
  void badUpgradeRequestsGetRfc6455Answers() throws Exception {
    try (var relay = TestRelay.start()) {
      int port = relay.core.port();
      String line = "GET /ws/events HTTP/1.1\r\n";
      String host = "Host: 127.0.0.1\r\n";
      var noKey = RawHttp.exchange(port, line + host + UPGRADE_HEADERS + V13 + "\r\n");
      assertThat(noKey.status()).isEqualTo(400);
      var badKey = RawHttp.exchange(port, line + host + UPGRADE_HEADERS + "Sec-WebSocket-Key: short\r\n" + V13 + "\r\n");
      assertThat(badKey.status()).isEqualTo(400);
      var noConnection = RawHttp.exchange(port, line + host + "Upgrade: websocket\r\n" + KEY + V13 + "\r\n");
      assertThat(noConnection.status()).isEqualTo(400);
      var noHost = RawHttp.exchange(port, line + UPGRADE_HEADERS + KEY + V13 + "\r\n");
      assertThat(noHost.status()).isEqualTo(400);
      // Every other WebSocket header, but no Upgrade: a broken handshake (400), not an unknown page (404).
      var noUpgrade = RawHttp.exchange(port, line + host + "Connection: Upgrade\r\n" + KEY + V13 + "\r\n");
      assertThat(noUpgrade.status()).isEqualTo(400);
      assertThat(noUpgrade.bodyText()).contains("Upgrade: websocket");
      var upgradeToSomethingElse = RawHttp.exchange(port, line + host + "Upgrade: h2c\r\nConnection: Upgrade\r\n" + KEY + V13 + "\r\n");
      assertThat(upgradeToSomethingElse.status()).isEqualTo(400);
      var wrongVersion = RawHttp.exchange(port, line + host + UPGRADE_HEADERS + KEY + "Sec-WebSocket-Version: 8\r\n\r\n");
      assertThat(wrongVersion.status()).isEqualTo(426);
      assertThat(wrongVersion.header("Sec-WebSocket-Version")).isEqualTo("13");
      var noVersion = RawHttp.exchange(port, line + host + UPGRADE_HEADERS + KEY + "\r\n");
      assertThat(noVersion.status()).isEqualTo(426);
      assertThat(noVersion.header("Sec-WebSocket-Version")).isEqualTo("13");
      // None of them became a client; a correct request still does.
      assertThat(relay.core.snapshot().clients()).isEmpty();
      assertThat(RawHttp.exchange(port, line + host + UPGRADE_HEADERS + KEY + V13 + "\r\n").statusLine())
          .startsWith("HTTP/1.1 101");
    }
  }

  @Test
  void headAndHttp10GetProperAnswers() throws Exception {
    try (var relay = TestRelay.start()) {
      int port = relay.core.port();
      var get = RawHttp.exchange(port, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
      var head = RawHttp.exchange(port, "HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(Integer.parseInt(head.header("Content-Length"))).isPositive();
      assertThat(head.header("Content-Type")).isEqualTo("application/json");
      assertThat(get.body().length).isPositive();

      var old = RawHttp.exchange(port, "GET /health HTTP/1.0\r\n\r\n");
      assertThat(old.status()).isEqualTo(200);
      assertThat(old.bodyText()).contains("\"status\":\"ok\"");
      assertThat(Integer.parseInt(old.header("Content-Length"))).isEqualTo(old.body().length);
      assertThat(old.header("Connection")).isEqualToIgnoringCase("close");
      assertThat(old.closedByRelay()).isTrue();

      var oldHead = RawHttp.exchange(port, "HEAD /initial HTTP/1.0\r\n\r\n");
      assertThat(oldHead.status()).isEqualTo(200);
      assertThat(oldHead.body()).isEmpty();

      // RFC 9112 section 3.2: an HTTP/1.1 request without Host gets 400; HTTP/1.0 needs none (above).
      var noHost = RawHttp.exchange(port, "GET /health HTTP/1.1\r\n\r\n");
      assertThat(noHost.status()).isEqualTo(400);
      assertThat(noHost.bodyText()).contains("Host");
      assertThat(noHost.closedByRelay()).isTrue();
      assertThat(RawHttp.exchange(port, "HEAD /health HTTP/1.1\r\n\r\n").status()).isEqualTo(400);

      var post = RawHttp.exchange(port, "POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
      assertThat(post.status()).isEqualTo(405);
      assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
    }
  }

  @Test
  void aFreshRelayReportsNoLastEventUntilOneArrives() throws Exception {
    try (var relay = TestRelay.start()) {
      int port = relay.core.port();
      var fresh = JSON.readTree(RawHttp.exchange(port, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n").bodyText());
      assertThat(fresh.get("status").asText()).isEqualTo("ok");
      // No event received: no last event (not the relay's start), and nothing active on the socket.
      assertThat(fresh.get("last_event_time").isNull()).as("last_event_time: %s", fresh).isTrue();
      assertThat(fresh.get("seconds_since_last_event").isNull()).as("seconds_since_last_event: %s", fresh).isTrue();
      assertThat(fresh.get("unix_socket_active").asBoolean()).isFalse();

      try (var sender = relay.sender()) {
        sender.send(io.relayscope.support.EventSender.stateChange("m", "a", "b", "go"));
      }
      await().atMost(30, TimeUnit.SECONDS).until(() -> relay.core.snapshot().relay().eventsIn() == 1);
      var after = JSON.readTree(RawHttp.exchange(port, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n").bodyText());
      assertThat(after.get("last_event_time").isNumber()).isTrue();
      assertThat(after.get("seconds_since_last_event").asDouble()).isBetween(0.0, 10.0);
      assertThat(after.get("unix_socket_active").asBoolean()).isTrue();
    }
  }

  @Test
  void allowedOriginAppliesToInitialAndMetricsWithoutAWildcard() throws Exception {
    try (var relay = TestRelay.start(r -> r.withAccess(r.access().withAllowedOrigins(List.of("http://localhost:3001"))))) {
      int port = relay.core.port();
      for (String path : List.of("/initial", "/metrics")) {
        var evil = RawHttp.exchange(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nOrigin: http://evil.example\r\n\r\n");
        assertThat(evil.status()).as(path).isEqualTo(403);
        assertThat(evil.header("Access-Control-Allow-Origin")).as(path).isNull();
        var good = RawHttp.exchange(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nOrigin: http://localhost:3001\r\n\r\n");
        assertThat(good.status()).as(path).isEqualTo(200);
        assertThat(good.header("Access-Control-Allow-Origin")).as(path).isEqualTo("http://localhost:3001");
        var noOrigin = RawHttp.exchange(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(noOrigin.status()).as(path).isEqualTo(200); // curl, Prometheus: no Origin, no CORS
        assertThat(noOrigin.header("Access-Control-Allow-Origin")).as(path).isNull();
      }
      // /health stays open for upstream's health checks, whatever the Origin.
      var health = RawHttp.exchange(port, "GET /health HTTP/1.1\r\nHost: x\r\nOrigin: http://evil.example\r\n\r\n");
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.header("Access-Control-Allow-Origin")).isNotEqualTo("*");
    }
  }
}
