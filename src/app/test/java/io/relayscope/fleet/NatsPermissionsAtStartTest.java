package io.relayscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relayscope.support.CliRun;
import io.relayscope.support.FleetRelay;
import io.relayscope.support.NatsServer;
import io.relayscope.support.TestRelay;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A relay whose NATS user may not publish its events or facts, or may not take control requests,
 * refuses to start (exit 1, one line naming the subject) instead of running with every event lost.
 */
class NatsPermissionsAtStartTest {
  /** A relay user lacking one permission of those docs/fleet.md gives it. */
  private static String relayWithout(String publish, String subscribe) {
    return """
        authorization { users = [
          { user: relay, password: relay-secret, permissions: {
              publish: { allow: [%s] }
              subscribe: { allow: [%s] }
              allow_responses: true } }
        ] }
        """.formatted(publish, subscribe);
  }

  private static final String ALL_PUBLISH = "\"relayscope.events.>\", \"relayscope.facts.>\", \"$JS.API.>\"";
  private static final String ALL_SUBSCRIBE = "\"relayscope.control.>\", \"_INBOX.>\"";

  @Test
  void aUserThatCannotPublishEventsFailsTheStartNamingTheSubject() throws Exception {
    try (var nats = NatsServer.start(relayWithout("\"relayscope.facts.>\", \"$JS.API.>\"", ALL_SUBSCRIBE))) {
      assertThatThrownBy(() -> FleetRelay.start(nats.url("relay", "relay-secret"), "gpu-1").close())
          .isInstanceOf(IOException.class)
          .hasMessageContaining("may not publish to relayscope.events.gpu-1.")
          .hasMessageNotContaining("relay-secret");
    }
  }

  @Test
  void aUserThatCannotPublishFactsFailsTheStart() throws Exception {
    try (var nats = NatsServer.start(relayWithout("\"relayscope.events.>\", \"$JS.API.>\"", ALL_SUBSCRIBE))) {
      assertThatThrownBy(() -> FleetRelay.start(nats.url("relay", "relay-secret"), "gpu-1").close())
          .isInstanceOf(IOException.class)
          .hasMessageContaining("may not publish to relayscope.facts.gpu-1.");
    }
  }

  @Test
  void aUserThatCannotTakeControlRequestsFailsTheStart() throws Exception {
    try (var nats = NatsServer.start(relayWithout(ALL_PUBLISH, "\"_INBOX.>\""))) {
      assertThatThrownBy(() -> FleetRelay.start(nats.url("relay", "relay-secret"), "gpu-1").close())
          .isInstanceOf(IOException.class)
          .hasMessageContaining("may not subscribe to relayscope.control.gpu-1.disconnect");
    }
  }

  /** Without its inbox every JetStream call would only time out: the start says which subscription is missing. */
  @Test
  void aUserThatCannotTakeItsRepliesFailsTheStartNamingItsInbox() throws Exception {
    try (var nats = NatsServer.start(relayWithout(ALL_PUBLISH, "\"relayscope.control.>\", \"_INBOX.gpu-2.>\""))) {
      assertThatThrownBy(() -> FleetRelay.start(nats.url("relay", "relay-secret"), "gpu-1").close())
          .isInstanceOf(IOException.class)
          .hasMessageContaining("may not subscribe to _INBOX.gpu-1.")
          .hasMessageContaining("docs/fleet.md");
    }
  }

  @Test
  void withEveryPermissionTheProbeStoresNothing() throws Exception {
    try (var nats = NatsServer.start(relayWithout(ALL_PUBLISH, ALL_SUBSCRIBE));
        var a = FleetRelay.start(nats.url("relay", "relay-secret"), "gpu-1");
        var c = io.nats.client.Nats.connect(nats.url("relay", "relay-secret"))) {
      assertThat(c.jetStreamManagement().getStreamInfo(FleetSubjects.EVENTS_STREAM).getStreamState().getMsgCount()).isZero();
      assertThat(a.node.health().status()).isEqualTo("connected");
    }
  }

  @Test
  void theCommandLineExitsOneWithOneLine() throws Exception {
    var dir = TestRelay.newSocketDir();
    try (var nats = NatsServer.start(relayWithout("\"relayscope.facts.>\", \"$JS.API.>\"", ALL_SUBSCRIBE))) {
      var r = CliRun.run(List.of("--headless", "--event-socket-path", dir.resolve("events.sock").toString(), "--port", "0",
          "--no-journal", "--node", "n1", "--run-for", "3s", "--nats", nats.url("relay", "relay-secret")));
      assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(1);
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.errLines().get(0)).startsWith("relayscope: ").contains("may not publish to relayscope.events.n1.");
    } finally {
      Files.deleteIfExists(dir.resolve("events.sock"));
      Files.deleteIfExists(dir);
    }
  }
}
