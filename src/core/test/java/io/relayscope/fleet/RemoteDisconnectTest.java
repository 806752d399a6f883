package io.relayscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.relayscope.journal.FactKind;
import io.relayscope.relay.CloseCodes;
import io.relayscope.support.FleetAccounts;
import io.relayscope.support.FleetRelay;
import io.relayscope.support.NatsServer;
import io.relayscope.support.RecordingClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Disconnect sent as a NATS request to a node: honoured when NATS lets the sender publish it, refused otherwise. */
class RemoteDisconnectTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final ObjectMapper mapper = new ObjectMapper();

  /** The setup docs/fleet.md documents: the node's own user, an operator who may send commands, a viewer who may not. */
  static final String USERS = FleetAccounts.perNode("gpu-1");

  private JsonNode request(Connection c, String node, String body) throws Exception {
    Message reply = c.request(FleetSubjects.control(node, "disconnect"), body.getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(10));
    assertThat(reply).as("a reply").isNotNull();
    return mapper.readTree(reply.getData());
  }

  @Test
  void anOperatorDisconnectsAClientOfANodeAndTheRelayJournalsWhoAsked() throws Exception {
    try (var nats = NatsServer.start(USERS);
        var a = FleetRelay.start(nats.url("gpu-1", FleetAccounts.PASSWORD), "gpu-1");
        Connection operator = Nats.connect(nats.url(FleetAccounts.OPERATOR, FleetAccounts.PASSWORD))) {
      // What /health, /metrics and the status line say of the server never carries the password.
      await().atMost(WAIT).until(() -> !a.node.health().server().isEmpty());
      assertThat(a.node.health().server()).startsWith("nats://127.0.0.1:").doesNotContain(FleetAccounts.PASSWORD);
      var client = RecordingClient.connect(a.relay.wsUrl());
      var other = RecordingClient.connect(a.relay.wsUrl());
      await().atMost(WAIT).until(() -> a.relay.core.snapshot().clients().size() == 2);

      JsonNode ok = request(operator, "gpu-1", "{\"client\":\"c1\",\"reason\":\"stuck dashboard\",\"by\":\"alice\"}");
      assertThat(ok.toString()).isEqualTo("{\"ok\":true}");
      assertThat(client.closed.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(client.closeCode).isEqualTo(CloseCodes.DISCONNECTED_BY_OPERATOR);
      assertThat(client.closeReason).isEqualTo("stuck dashboard");
      var fact = a.relay.core.journal().recent(5, f -> f.kind() == FactKind.DISCONNECT_REQUESTED);
      assertThat(fact).hasSize(1);
      assertThat(fact.get(0).subject()).isEqualTo("c1");
      assertThat(fact.get(0).fields()).containsEntry("by", "nats:alice").containsEntry("reason", "stuck dashboard");

      JsonNode missing = request(operator, "gpu-1", "{\"client\":\"c9\"}");
      assertThat(missing.toString()).isEqualTo("{\"ok\":false,\"error\":\"no such client c9\"}");
      JsonNode bad = request(operator, "gpu-1", "not json");
      assertThat(bad.path("ok").asBoolean()).isFalse();
      assertThat(bad.path("error").asText()).startsWith("bad request");
      assertThat(other.isOpen()).isTrue();
      other.closeBlocking();
    }
  }

  @Test
  void aViewerWithoutPublishPermissionCannotDisconnectAnyone() throws Exception {
    var errors = new CopyOnWriteArrayList<String>();
    try (var nats = NatsServer.start(USERS);
        var a = FleetRelay.start(nats.url("gpu-1", FleetAccounts.PASSWORD), "gpu-1");
        Connection viewer = Nats.connect(new Options.Builder().server(nats.url(FleetAccounts.VIEWER, FleetAccounts.PASSWORD))
            .errorListener(new ErrorListener() {
              @Override
              public void errorOccurred(Connection conn, String error) {
                errors.add(error);
              }
            }).build())) {
      var client = RecordingClient.connect(a.relay.wsUrl());
      await().atMost(WAIT).until(() -> a.relay.core.snapshot().clients().size() == 1);

      Message reply = null;
      try {
        reply = viewer.request(FleetSubjects.control("gpu-1", "disconnect"),
            "{\"client\":\"c1\"}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(3));
      } catch (java.util.concurrent.CancellationException e) {
        // no responders: the server did not deliver it
      }
      assertThat(reply).as("no relay answered").isNull();
      await().atMost(WAIT).until(() -> errors.stream().anyMatch(e -> e.contains("Permissions Violation")));
      assertThat(errors).anyMatch(e -> e.contains("relayscope.control.gpu-1.disconnect"));
      assertThat(client.isOpen()).isTrue();
      assertThat(a.relay.core.journal().recent(5, f -> f.kind() == FactKind.DISCONNECT_REQUESTED)).isEmpty();
      List<?> clients = a.relay.core.snapshot().clients();
      assertThat(clients).hasSize(1);
      client.closeBlocking();
    }
  }

  /**
   * A request is bounded before it is parsed: one of 500 KB (which once held every control request
   * for a minute in the close reason's truncation) is refused at once, the client stays, and the
   * next request is served. A long reason within the bound is cut for the close frame.
   */
  @Test
  void anOversizedRequestIsRefusedAtOnceAndTheNextIsServed() throws Exception {
    try (var nats = NatsServer.start(USERS);
        var a = FleetRelay.start(nats.url("gpu-1", FleetAccounts.PASSWORD), "gpu-1");
        Connection operator = Nats.connect(nats.url(FleetAccounts.OPERATOR, FleetAccounts.PASSWORD))) {
      var client = RecordingClient.connect(a.relay.wsUrl());
      var other = RecordingClient.connect(a.relay.wsUrl());
      await().atMost(WAIT).until(() -> a.relay.core.snapshot().clients().size() == 2);

      String huge = "{\"client\":\"c1\",\"reason\":\"" + "x".repeat(500_000) + "\"}";
      JsonNode big = request(operator, "gpu-1", huge);
      assertThat(big.path("ok").asBoolean()).isFalse();
      assertThat(big.path("error").asText()).isEqualTo("request too large: " + huge.length() + " bytes (at most 4096)");
      assertThat(a.node.controlRequestsTooLarge()).isEqualTo(1);
      assertThat(client.isOpen()).isTrue();
      assertThat(a.relay.core.journal().recent(5, f -> f.kind() == FactKind.DISCONNECT_REQUESTED)).isEmpty();

      String reason = "\u00e9".repeat(1900); // 3,800 bytes of UTF-8: within the bound, far over a close frame's 123
      JsonNode ok = request(operator, "gpu-1", "{\"client\":\"c1\",\"reason\":\"" + reason + "\"}");
      assertThat(ok.toString()).isEqualTo("{\"ok\":true}");
      assertThat(client.closed.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(client.closeCode).isEqualTo(CloseCodes.DISCONNECTED_BY_OPERATOR);
      assertThat(client.closeReason).endsWith("...").startsWith("\u00e9\u00e9");
      assertThat(client.closeReason.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
      assertThat(other.isOpen()).isTrue();
      other.closeBlocking();
    }
  }

  /** Refusals for size are where an operator looks: /metrics and /health, not only a log line. */
  @Test
  void oversizedRequestsAreCountedInMetricsAndHealth() throws Exception {
    try (var nats = NatsServer.start(USERS);
        var a = FleetRelay.start(nats.url("gpu-1", FleetAccounts.PASSWORD), "gpu-1");
        Connection operator = Nats.connect(nats.url(FleetAccounts.OPERATOR, FleetAccounts.PASSWORD))) {
      assertThat(a.relay.get("/metrics").body()).contains("relayscope_nats_control_too_large_total 0");
      String huge = "{\"client\":\"c1\",\"reason\":\"" + "x".repeat(10_000) + "\"}";
      for (int i = 0; i < 2; i++) assertThat(request(operator, "gpu-1", huge).path("ok").asBoolean()).isFalse();
      assertThat(a.relay.get("/metrics").body()).contains("relayscope_nats_control_too_large_total 2");
      assertThat(a.relay.get("/health").body()).contains("\"controlTooLarge\":2");
    }
  }
}
