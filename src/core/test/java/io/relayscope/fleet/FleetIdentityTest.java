package io.relayscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.relayscope.journal.FactKind;
import io.relayscope.support.EventSender;
import io.relayscope.support.FleetAccounts;
import io.relayscope.support.FleetRelay;
import io.relayscope.support.NatsServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each node with its own NATS user (FleetAccounts.perNode, as docs/fleet.md gives it): a node can
 * neither publish as another nor delete a stream; what it can still write (another node's name in
 * its own events' header) the readers drop and count; a stream deleted by someone who may is made
 * again, and the events published meanwhile reach it.
 */
class FleetIdentityTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static FleetRelay node(NatsServer nats, String node, boolean sourcing) throws Exception {
    return FleetRelay.start(nats.url(node, FleetAccounts.PASSWORD), node,
        o -> sourcing ? o.withSource(FleetOptions.DEFAULT_SOURCE, FleetOptions.SourceStart.ALL) : o);
  }

  /**
   * A connection as node {@code user}, with the node's inbox prefix (its only replies), that
   * collects the server's permission errors instead of logging them.
   */
  private static Connection as(NatsServer nats, String user) throws Exception {
    return Nats.connect(new Options.Builder().server(nats.url(user, FleetAccounts.PASSWORD))
        .inboxPrefix(FleetSubjects.inboxPrefix(user)).errorListener(new io.nats.client.ErrorListener() {}).build());
  }

  @Test
  void aNodeCannotPublishAsAnotherNorDeleteTheStreamAndAForgedHeaderIsDroppedAndCounted() throws Exception {
    try (var nats = NatsServer.start(FleetAccounts.perNode("node-a", "node-b"));
        var a = node(nats, "node-a", false);
        var b = node(nats, "node-b", true);
        var engine = a.relay.sender();
        Connection asA = as(nats, "node-a")) {
      engine.send(EventSender.numbered(1, 100));
      await().atMost(WAIT).until(() -> b.node.health().sourced() == 1);

      // Under another node's subject: refused by NATS (JetStream never answers it).
      var js = asA.jetStream(io.nats.client.JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(2)).build());
      assertThatThrownBy(() -> js.publish("relayscope.events.node-b.forged_machine", "{}".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(java.io.IOException.class);
      // Under its own subject, claiming another node in the header: stored (NATS cannot see headers), dropped by readers.
      var forged = NatsMessage.builder().subject("relayscope.events.node-a.forged_machine")
          .headers(new Headers().add(FleetSubjects.HEADER_NODE, "node-c"))
          .data(EventSender.stateChange("forged_machine", "a", "b", "t").getBytes(StandardCharsets.UTF_8)).build();
      js.publish(forged);
      engine.send(EventSender.numbered(2, 100));
      await().atMost(WAIT).until(() -> b.node.health().sourced() == 2 && b.node.health().sourceForged() == 1);
      await().atMost(WAIT).until(() -> !b.relay.core.journal().recent(10, f -> f.kind() == FactKind.NATS_FORGED).isEmpty());
      assertThat(b.relay.get("/metrics").body()).contains("relayscope_nats_source_forged_total 1");
      assertThat(b.relay.core.machines().initialMessage().toString()).doesNotContain("forged_machine");

      // No stream delete for a node.
      assertThatThrownBy(() -> asA.jetStreamManagement(io.nats.client.JetStreamOptions.builder()
          .requestTimeout(Duration.ofSeconds(2)).build()).deleteStream(FleetSubjects.EVENTS_STREAM))
          .isInstanceOfAny(java.io.IOException.class, JetStreamApiException.class);
      try (Connection admin = Nats.connect(nats.url("admin", FleetAccounts.PASSWORD))) {
        assertThat(admin.jetStreamManagement().getStreamInfo(FleetSubjects.EVENTS_STREAM)).isNotNull();
      }
    }
  }

  @Test
  void aDeletedEventsStreamIsMadeAgainAndTheEventsPublishedMeanwhileReachIt() throws Exception {
    try (var nats = NatsServer.start(FleetAccounts.perNode("node-a"));
        var a = node(nats, "node-a", false);
        var engine = a.relay.sender();
        Connection admin = Nats.connect(nats.url("admin", FleetAccounts.PASSWORD))) {
      engine.send(EventSender.numbered(1, 100));
      await().atMost(WAIT).until(() -> a.node.health().published() == 1);
      admin.jetStreamManagement().deleteStream(FleetSubjects.EVENTS_STREAM);
      for (int i = 2; i <= 21; i++) engine.send(EventSender.numbered(i, 100));
      await().atMost(WAIT).until(() -> a.node.health().published() + a.node.health().lost() == 21);
      assertThat(a.node.health().lost()).isZero();
      assertThat(a.relay.core.journal().recent(10, f -> f.kind() == FactKind.NATS_STREAM_MISSING)).isNotEmpty();
      assertThat(FleetDeliveryTest.againstOneTo(FleetDeliveryTest.storedSeqs(admin, "node-a").stream()
          .filter(s -> s >= 2).map(s -> s - 1).toList(), 20)).isEqualTo("1..20 in order");
    }
  }
}
