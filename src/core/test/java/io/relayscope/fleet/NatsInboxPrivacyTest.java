package io.relayscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.relayscope.support.EventSender;
import io.relayscope.support.FleetAccounts;
import io.relayscope.support.FleetRelay;
import io.relayscope.support.NatsServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Replies are private: each node takes its replies under its own inbox prefix, {@code _INBOX.<node>.},
 * and its NATS user may subscribe only there (FleetAccounts.perNode, as docs/fleet.md gives it), so
 * no node reads another's JetStream acknowledgements, consumer deliveries or API answers. Both nodes
 * still work in full: publishing (acknowledged), sourcing (a consumer), answering control requests.
 */
class NatsInboxPrivacyTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aNodeCannotSubscribeToAnotherNodesInboxAndBothStillWork() throws Exception {
    var errors = new CopyOnWriteArrayList<String>();
    try (var nats = NatsServer.start(FleetAccounts.perNode("node-a", "node-b"));
        var a = FleetRelay.start(nats.url("node-a", FleetAccounts.PASSWORD), "node-a");
        var b = FleetRelay.start(nats.url("node-b", FleetAccounts.PASSWORD), "node-b",
            o -> o.withSource(FleetOptions.DEFAULT_SOURCE, FleetOptions.SourceStart.ALL));
        var engine = a.relay.sender();
        Connection operator = Nats.connect(nats.url(FleetAccounts.OPERATOR, FleetAccounts.PASSWORD));
        Connection asB = Nats.connect(new Options.Builder().server(nats.url("node-b", FleetAccounts.PASSWORD))
            .errorListener(new ErrorListener() {
              @Override
              public void errorOccurred(Connection conn, String error) {
                errors.add(error);
              }
            }).build())) {
      // Both work: a's events acknowledged by JetStream (replies to a's inbox), b's consumer delivering them.
      for (int i = 1; i <= 3; i++) engine.send(EventSender.numbered(i, 100));
      await().atMost(WAIT).until(() -> a.node.health().published() == 3 && b.node.health().sourced() == 3);
      // A control request's reply goes to the operator's inbox.
      Message reply = operator.request(FleetSubjects.control("node-a", "disconnect"),
          "{\"client\":\"c9\"}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
      assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":false,\"error\":\"no such client c9\"}");

      // b may not listen under a's prefix, nor under every inbox; under its own it may.
      for (String subject : List.of("_INBOX.node-a.>", "_INBOX.>", "_INBOX.*.*")) {
        asB.subscribe(subject);
        asB.flush(Duration.ofSeconds(10));
      }
      asB.subscribe(FleetSubjects.inboxPrefix("node-b") + "mine");
      asB.flush(Duration.ofSeconds(10));
      await().atMost(WAIT).until(() -> errors.size() >= 3);
      assertThat(errors).allMatch(e -> e.contains("Permissions Violation for Subscription"));
      assertThat(errors).anyMatch(e -> e.contains("_INBOX.node-a.>")).anyMatch(e -> e.contains("\"_INBOX.>\""))
          .anyMatch(e -> e.contains("_INBOX.*.*")).noneMatch(e -> e.contains("node-b.mine"));

      // And a keeps working after b's attempts.
      engine.send(EventSender.numbered(4, 100));
      await().atMost(WAIT).until(() -> a.node.health().published() == 4 && b.node.health().sourced() == 4);
    }
  }
}
