package io.relayscope.fleet.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Options;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.machines.MachineSnapshot;
import io.relayscope.metrics.ClientStats;
import io.relayscope.support.EventSender;
import io.relayscope.support.FleetAccounts;
import io.relayscope.support.FleetRelay;
import io.relayscope.support.NatsServer;
import io.relayscope.support.RecordingClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's fleet model attached through a real nats-server to two real relays publishing with
 * --nats: what it shows of each node, and what its Disconnect does, with and without permission.
 */
class FleetModelTest {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private NatsServer nats;
  private FleetRelay a;
  private FleetRelay b;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    // Each node with its own user, as docs/fleet.md gives it ("One NATS user per node").
    nats = NatsServer.start(FleetAccounts.perNode("gpu-a", "gpu-b"));
    a = FleetRelay.start(nats.url("gpu-a", FleetAccounts.PASSWORD), "gpu-a");
    b = FleetRelay.start(nats.url("gpu-b", FleetAccounts.PASSWORD), "gpu-b");
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) c.close();
    if (a != null) a.close();
    if (b != null) b.close();
    nats.close();
  }

  private FleetModel attach(String user, Duration staleAfter) throws Exception {
    var model = FleetModel.attach(new Options.Builder().server(nats.url(user, FleetAccounts.PASSWORD)), Duration.ofHours(1),
        staleAfter);
    open.add(model);
    return model;
  }

  private RecordingClient client(FleetRelay relay) throws Exception {
    var c = RecordingClient.connect(relay.relay.wsUrl());
    open.add(c::close);
    return c;
  }

  private static MachineSnapshot machine(FleetModel model, String node, String name) {
    NodeFrame n = model.frame().node(node);
    return n == null ? null : n.machines().stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
  }

  private static List<ClientStats> clients(FleetModel model, String node) {
    NodeFrame n = model.frame().node(node);
    return n == null || n.figures() == null ? List.of() : n.figures().clients();
  }

  @Test
  void machinesOfBothNodesGroupedByNodeWithTheirStatesAndClientsWithTheirFigures() throws Exception {
    // Sent before the console attaches: it must open them from JetStream's history.
    try (var sa = a.relay.sender(); var sb = b.relay.sender()) {
      sa.send(EventSender.registered("face_processor", "face_processor", "waiting"));
      sa.send(EventSender.stateChange("face_processor", "waiting", "cropping_faces", "new_job"));
      sb.send(EventSender.registered("cam_1", "camera", "streaming"));
    }
    var ca = client(a);
    var cb = client(b);
    await().atMost(WAIT).until(() -> a.node.health().published() == 2 && b.node.health().published() == 1);

    FleetModel model = attach(FleetAccounts.VIEWER, Duration.ofSeconds(10));
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(machine(model, "gpu-a", "face_processor")).isNotNull()
          .extracting(MachineSnapshot::currentState).isEqualTo("cropping_faces");
      assertThat(machine(model, "gpu-b", "cam_1")).isNotNull().extracting(MachineSnapshot::currentState).isEqualTo("streaming");
      // Grouped by node: a machine of one node never shows under the other.
      assertThat(machine(model, "gpu-b", "face_processor")).isNull();
      assertThat(machine(model, "gpu-a", "cam_1")).isNull();
      assertThat(clients(model, "gpu-a")).hasSize(1);
      assertThat(clients(model, "gpu-b")).hasSize(1);
      // Figures as the node's relay measured them: frames sent (initial at least) and bytes.
      assertThat(clients(model, "gpu-a").get(0).framesSent()).isPositive();
      assertThat(clients(model, "gpu-a").get(0).bytesSent()).isPositive();
      assertThat(clients(model, "gpu-b").get(0).framesSent()).isPositive();
    });
    assertThat(model.frame().nodes()).extracting(NodeFrame::node).containsExactly("gpu-a", "gpu-b");
    assertThat(model.frame().nodes()).noneMatch(NodeFrame::stale);
    await().atMost(WAIT).until(model::caughtUp);
    assertThat(model.progress().eventsDelivered()).isEqualTo(3);

    // Live after the replay: a new state change on B shows, and reaches B's client.
    try (var sb = b.relay.sender()) {
      sb.send(EventSender.stateChange("cam_1", "streaming", "paused", "stop"));
    }
    await().atMost(WAIT).until(() -> "paused".equals(machine(model, "gpu-b", "cam_1").currentState()));
    await().atMost(WAIT).until(() -> cb.eventTexts().stream().anyMatch(t -> t.contains("paused")));
    assertThat(ca.eventTexts()).noneMatch(t -> t.contains("paused"));

    // Journal facts of both nodes reach the timeline, labelled with their node.
    var facts = new ArrayList<JournalFact>();
    await().atMost(WAIT).until(() -> {
      facts.addAll(model.drainFacts(10_000));
      return facts.stream().anyMatch(f -> f.kind() == FactKind.CLIENT_CONNECTED && f.subject().startsWith("gpu-a/"))
          && facts.stream().anyMatch(f -> f.kind() == FactKind.CLIENT_CONNECTED && f.subject().startsWith("gpu-b/"))
          && facts.stream().anyMatch(f -> f.kind() == FactKind.EVENT_RECEIVED && "gpu-b/cam_1".equals(f.fields().get("machine")));
    });
    assertThat(model.undecodable()).isZero();
  }

  @Test
  void afterANatsRestartTheConsoleCarriesOnWhereItWas() throws Exception {
    FleetModel model = attach(FleetAccounts.VIEWER, Duration.ofSeconds(10));
    try (var sa = a.relay.sender()) {
      sa.send(EventSender.registered("face_processor", "face_processor", "waiting"));
      await().atMost(WAIT).until(() -> machine(model, "gpu-a", "face_processor") != null);
      nats.restart();
      await().atMost(WAIT).until(() -> model.frame().connection().startsWith("connected"));
      sa.send(EventSender.stateChange("face_processor", "waiting", "cropping_faces", "new_job"));
      await().atMost(WAIT).until(() -> "cropping_faces".equals(machine(model, "gpu-a", "face_processor").currentState()));
    }
    // Each event once: the ordered consumer resumed after the last one it had, not from the start.
    await().atMost(WAIT).until(() -> a.node.health().published() == 2);
    assertThat(model.frame().node("gpu-a").eventsSeen()).isEqualTo(2);
    assertThat(machine(model, "gpu-a", "face_processor").events()).isEqualTo(2);
  }

  @Test
  void aNodeThatStopsReportingIsShownStaleWithItsAge() throws Exception {
    FleetModel model = attach(FleetAccounts.VIEWER, Duration.ofSeconds(3));
    await().atMost(WAIT).until(() -> model.frame().node("gpu-b") != null && !model.frame().node("gpu-b").stale());
    b.close();
    b = null;
    await().atMost(WAIT).until(() -> model.frame().node("gpu-b").stale());
    NodeFrame gone = model.frame().node("gpu-b");
    assertThat(gone.ageMillis()).isGreaterThan(3_000);
    assertThat(model.frame().node("gpu-a").stale()).isFalse();
  }

  @Test
  void disconnectFromTheConsoleClosesTheClientOnItsNode() throws Exception {
    var ca = client(a);
    var other = client(b);
    FleetModel model = attach(FleetAccounts.OPERATOR, Duration.ofSeconds(10));
    await().atMost(WAIT).until(() -> clients(model, "gpu-a").size() == 1);
    String id = clients(model, "gpu-a").get(0).id();

    ControlOutcome outcome = model.disconnect("gpu-a", id, "maintenance", Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);

    assertThat(outcome.kind()).isEqualTo(ControlOutcome.Kind.OK);
    assertThat(ca.closed.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(ca.closeCode).isEqualTo(4010);
    assertThat(ca.closeReason).isEqualTo("maintenance");
    assertThat(other.isOpen()).isTrue();
    // The node journals who asked, and the fact reaches the console.
    var facts = new ArrayList<JournalFact>();
    await().atMost(WAIT).until(() -> {
      facts.addAll(model.drainFacts(10_000));
      return facts.stream().anyMatch(f -> f.kind() == FactKind.DISCONNECT_REQUESTED && f.subject().equals("gpu-a/" + id));
    });
    // A client the node does not have: the node's own answer comes back.
    ControlOutcome missing = model.disconnect("gpu-a", "c999", "x", Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
    assertThat(missing.kind()).isEqualTo(ControlOutcome.Kind.ERROR);
    assertThat(missing.text()).contains("no such client c999");
  }

  @Test
  void disconnectWithoutPermissionIsRefusedAndSaidSoNotTimedOut() throws Exception {
    var cb = client(b);
    FleetModel viewer = attach(FleetAccounts.VIEWER, Duration.ofSeconds(10));
    await().atMost(WAIT).until(() -> clients(viewer, "gpu-b").size() == 1);
    String id = clients(viewer, "gpu-b").get(0).id();

    long start = System.nanoTime();
    ControlOutcome outcome = viewer.disconnect("gpu-b", id, "not allowed", Duration.ofSeconds(20)).get(30, TimeUnit.SECONDS);
    long tookMs = (System.nanoTime() - start) / 1_000_000;

    System.out.println("REFUSAL " + outcome + " after " + tookMs + " ms");
    assertThat(outcome.kind()).isEqualTo(ControlOutcome.Kind.REFUSED);
    assertThat(outcome.text()).startsWith("refused: no permission").contains("relayscope.control.gpu-b.disconnect");
    assertThat(tookMs).as("told at once, not after the 20 s timeout").isLessThan(10_000);
    // The client is untouched: still open, still on its node.
    assertThat(cb.closed.await(2, TimeUnit.SECONDS)).isFalse();
    assertThat(b.relay.core.snapshot().client(id)).isPresent();
  }

  @Test
  void aNodeWithNoRelayAnsweringIsSaidSo() throws Exception {
    FleetModel model = attach(FleetAccounts.OPERATOR, Duration.ofSeconds(10));
    ControlOutcome outcome = model.disconnect("gpu-z", "c1", "x", Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS);
    assertThat(outcome.kind()).isEqualTo(ControlOutcome.Kind.NO_RESPONDER);
    assertThat(outcome.text()).contains("gpu-z");
  }
}
