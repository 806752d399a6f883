package io.relayscope.relay;

import static io.relayscope.support.EventSender.registered;
import static io.relayscope.support.EventSender.stateChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Upstream's wire contract, through a real datagram socket and real WebSocket connections. */
class RelayContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private TestRelay relay;
  private final List<RecordingClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    relay = TestRelay.start(r -> r.withKeepalive(Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofSeconds(10)));
  }

  @AfterEach
  void stop() throws Exception {
    for (var c : clients) c.close();
    relay.close();
  }

  private RecordingClient client() throws InterruptedException {
    var c = RecordingClient.connect(relay.wsUrl());
    clients.add(c);
    return c;
  }

  @Test
  void initialComesFirstAndDescribesMachinesFromEventsSeen() throws Exception {
    try (var sender = relay.sender()) {
      sender.send(registered("face_processor", "face_processor", "waiting"));
      sender.send(stateChange("face_processor", "waiting", "cropping_faces", "new_job"));
    }
    await().until(() -> relay.core.snapshot().relay().eventsIn() == 2);

    var c = client();
    await().until(() -> !c.messages.isEmpty());
    JsonNode initial = c.messages.get(0).json();
    assertThat(initial.get("type").asText()).isEqualTo("initial");
    assertThat(initial.get("timestamp").isNumber()).isTrue();
    JsonNode machine = initial.get("machines").get(0);
    assertThat(machine.get("machine_name").asText()).isEqualTo("face_processor");
    assertThat(machine.get("current_state").asText()).isEqualTo("cropping_faces");
    assertThat(machine.get("config_type").asText()).isEqualTo("face_processor");
    assertThat(machine.has("last_activity")).isTrue();
    assertThat(machine.has("metadata")).isTrue();
  }

  @Test
  void forwardsEachDatagramByteForByte() throws Exception {
    var c = client();
    await().until(() -> !c.ofType("initial").isEmpty());
    // Odd spacing, key order, escapes and non-ASCII: all must arrive exactly as sent.
    String odd = "{ \"type\" :\"activity_log\",\"machine_name\":\"face_processor\" ,\n \"payload\":{\"message\":\"Verifying"
        + " dimensions – ✓ \\u00e9\",\"level\":\"info\",\"n\":1.50}}";
    String legacy = "{\"machine_name\": \"face_processor\", \"event_type\": \"state_change\", \"payload\": {\"from_state\":"
        + " \"verifying_dimensions\", \"to_state\": \"detecting_faces\", \"event_trigger\": \"dimensions_verified\"}}";
    try (var sender = relay.sender()) {
      sender.send(odd.getBytes(StandardCharsets.UTF_8));
      sender.send(legacy);
    }
    await().until(() -> c.eventTexts().size() == 2);
    assertThat(c.eventTexts()).containsExactly(odd, legacy);
  }

  @Test
  void textPingGetsPongAndRefreshGetsInitial() throws Exception {
    var c = client();
    await().until(() -> !c.ofType("initial").isEmpty());
    c.send("ping");
    await().until(() -> !c.ofType("pong").isEmpty());
    assertThat(c.ofType("pong").get(0).text()).isEqualTo("{\"type\":\"pong\"}");

    try (var sender = relay.sender()) {
      sender.send(registered("controller", "controller", "idle"));
    }
    await().until(() -> c.eventTexts().size() == 1);
    c.send("refresh");
    await().until(() -> c.ofType("initial").size() == 2);
    JsonNode refreshed = c.ofType("initial").get(1).json();
    assertThat(refreshed.get("machines").get(0).get("machine_name").asText()).isEqualTo("controller");
    c.send("something else"); // ignored, like upstream
    c.send("ping");
    await().until(() -> c.ofType("pong").size() == 2);
  }

  @Test
  void sendsJsonPingsOnSchedule() throws Exception {
    var c = client();
    await().atMost(5, TimeUnit.SECONDS).until(() -> c.ofType("ping").size() >= 2);
    JsonNode ping = c.ofType("ping").get(0).json();
    assertThat(ping.size()).isEqualTo(2);
    assertThat(ping.get("timestamp").isNumber()).isTrue();
    assertThat(ping.get("timestamp").asDouble()).isCloseTo(System.currentTimeMillis() / 1000.0,
        org.assertj.core.data.Offset.offset(10.0));
  }

  @Test
  void measuresPingRoundTripWithRfcPings() throws Exception {
    var c = client();
    await().atMost(5, TimeUnit.SECONDS).until(() -> relay.core.snapshot().clients().get(0).pingRtt().count() >= 2);
    var stats = relay.core.snapshot().clients().get(0);
    assertThat(stats.pingRtt().lastMs()).isPositive().isLessThan(2000);
    assertThat(stats.lastPongAgeMs()).isBetween(0.0, 2000.0);
    assertThat(stats.missedPongs()).isZero();
    assertThat(c.isOpen()).isTrue();
  }

  @Test
  void healthInitialAndMetricsAreServedOnTheWebSocketPort() throws Exception {
    try (var sender = relay.sender()) {
      sender.send(registered("face_processor", "face_processor", "waiting"));
    }
    await().until(() -> relay.core.snapshot().relay().eventsIn() == 1);
    var c = client();

    var health = relay.get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode h = JSON.readTree(health.body());
    assertThat(h.get("status").asText()).isEqualTo("ok");
    assertThat(h.get("connections").asInt()).isEqualTo(1);
    assertThat(h.get("last_event_time").isNumber()).isTrue();
    assertThat(h.get("seconds_since_last_event").asDouble()).isBetween(0.0, 10.0);
    assertThat(h.get("unix_socket_active").asBoolean()).isTrue();

    var initial = relay.get("/initial");
    assertThat(initial.statusCode()).isEqualTo(200);
    JsonNode i = JSON.readTree(initial.body());
    assertThat(i.get("type").asText()).isEqualTo("initial");
    assertThat(i.get("machines").get(0).get("current_state").asText()).isEqualTo("waiting");

    var metrics = relay.get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(metrics.body())
        .contains("relayscope_events_received_total 1")
        .contains("relayscope_clients 1")
        .contains("relayscope_last_eviction_timestamp_seconds 0\n")
        .contains("relayscope_client_send_latency_seconds{client=\"c1\",quantile=\"0.99\"}");

    assertThat(relay.get("/nowhere").statusCode()).isEqualTo(404);
    // An HTTP/2-capable client (the JDK's default) asks to upgrade to h2c: it still gets its answer.
    var h2 = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + relay.core.port() + "/health")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(h2.statusCode()).isEqualTo(200);
    assertThat(h2.body()).contains("\"status\":\"ok\"");
    assertThat(c.isOpen()).isTrue();
  }

  @Test
  void webSocketOnAnotherPathIsRefused() throws Exception {
    var c = new RecordingClient("ws://127.0.0.1:" + relay.core.port() + "/ws/other");
    assertThat(c.connectBlocking(5, TimeUnit.SECONDS)).isFalse();
    assertThat(relay.core.snapshot().relay().clients()).isZero();
  }

  @Test
  void noEventIsLostOrOvertakesInitialWhileClientsJoinMidStream() throws Exception {
    int total = 20_000;
    var sent = new java.util.concurrent.atomic.AtomicInteger();
    Thread producer = new Thread(() -> {
      try (var sender = relay.sender()) {
        sender.send(registered("m", "m", "s0"));
        for (int i = 1; i <= total; i++) {
          sender.send(stateChange("m", "s" + (i - 1), "s" + i, "e"));
          sent.set(i);
          if (i % 20 == 0) java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // ~20k events/s at most
        }
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    producer.start();
    for (int k = 1; k <= 5; k++) {
      int joinAt = k * total / 7;
      await().atMost(30, TimeUnit.SECONDS).until(() -> sent.get() >= joinAt);
      client();
    }
    producer.join();
    for (var c : clients) {
      await().atMost(30, TimeUnit.SECONDS)
          .until(() -> c.eventTexts().stream().anyMatch(t -> t.contains("\"to_state\":\"s" + total + "\"")));
      var first = c.messages.get(0);
      assertThat(first.type()).isEqualTo("initial");
      String state = first.json().get("machines").get(0).get("current_state").asText();
      int fromInitial = Integer.parseInt(state.substring(1));
      List<String> events = c.eventTexts();
      assertThat(events).hasSize(total - fromInitial);
      for (int j = 0; j < events.size(); j++) {
        JsonNode payload = JSON.readTree(events.get(j)).get("payload");
        assertThat(payload.get("to_state").asText())
            .as("event %d after initial at %s", j, state)
            .isEqualTo("s" + (fromInitial + 1 + j));
      }
    }
  }
}
