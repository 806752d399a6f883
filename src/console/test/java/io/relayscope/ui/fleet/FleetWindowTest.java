package io.relayscope.ui.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Options;
import io.relayscope.fleet.FleetOptions;
import io.relayscope.fleet.console.FleetModel;
import io.relayscope.support.EventSender;
import io.relayscope.support.FleetAccounts;
import io.relayscope.support.FleetRelay;
import io.relayscope.support.NatsServer;
import io.relayscope.support.RecordingClient;
import io.relayscope.ui.ConsoleHarness;
import io.relayscope.ui.Picture;
import io.relayscope.ui.clients.ClientRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The fleet window (console with --fleet) on two real relays publishing through a real nats-server,
 * headless through Monocle: machines grouped by node, a node that stopped reporting shown stale,
 * every node's clients, and Disconnect from the window honoured or refused by NATS permissions.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetWindowTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static NatsServer nats;
  private static FleetRelay a;
  private static FleetRelay b;
  private final FxRobot robot = new FxRobot();
  private final List<AutoCloseable> open = new ArrayList<>();
  private FleetWindowHarness shown;
  private FleetWindow window;

  @BeforeAll
  static void startFleet() throws Exception {
    FxToolkit.registerPrimaryStage();
    // Each node with its own user, as docs/fleet.md gives it ("One NATS user per node").
    nats = NatsServer.start(FleetAccounts.perNode("gpu-a", "gpu-b", "gpu-c", "gpu-s"));
    a = FleetRelay.start(nats.url("gpu-a", FleetAccounts.PASSWORD), "gpu-a");
    b = FleetRelay.start(nats.url("gpu-b", FleetAccounts.PASSWORD), "gpu-b");
    try (var sa = a.relay.sender(); var sb = b.relay.sender()) {
      sa.send(EventSender.registered("face_processor", "face_processor", "waiting"));
      sa.send(EventSender.stateChange("face_processor", "waiting", "cropping_faces", "new_job"));
      sa.send(EventSender.registered("face_detector", "face_detector", "idle"));
      sb.send(EventSender.registered("cam_1", "camera", "streaming"));
    }
  }

  @AfterAll
  static void stopFleet() throws Exception {
    a.close();
    b.close();
    nats.close();
  }

  @AfterEach
  void closeWindow() throws Exception {
    if (shown != null) shown.close();
    for (AutoCloseable c : open) c.close();
  }

  private void show(String user) throws Exception {
    var model = FleetModel.attach(new Options.Builder().server(nats.url(user, FleetAccounts.PASSWORD)), Duration.ofHours(1),
        Duration.ofSeconds(4));
    shown = FleetWindowHarness.show(model, "nats://127.0.0.1:" + nats.port, 100);
    window = shown.window;
  }

  private RecordingClient client(FleetRelay relay, String agent) throws Exception {
    var c = new RecordingClient(relay.relay.wsUrl(), true, Map.of("User-Agent", agent));
    assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
    open.add(c::close);
    return c;
  }

  /** The tree's lines: "node  ·  …" for nodes, "  machine  ·  state…" under them. */
  private List<String> treeLines() throws Exception {
    return ConsoleHarness.onFx(() -> {
      var lines = new ArrayList<String>();
      var frame = window.model().frame();
      for (TreeItem<FleetMachinesView.Item> n : window.machines().tree().getRoot().getChildren()) {
        lines.add(FleetMachinesView.nodeLine(frame.node(n.getValue().node())));
        for (TreeItem<FleetMachinesView.Item> m : n.getChildren()) lines.add("  " + m.getValue().machine());
      }
      return lines;
    });
  }

  /** The text a node's branch shows in the scene: its tree cell's label, as drawn. */
  private String nodeCellText(String node) throws Exception {
    return ConsoleHarness.onFx(() -> window.machines().tree().lookupAll(".tree-cell").stream()
        .map(c -> (IndexedCell<?>) c)
        .filter(c -> c.getItem() instanceof FleetMachinesView.Item i && i.machine() == null && i.node().equals(node))
        .map(c -> c.getGraphic() instanceof Label l ? l.getText() : null)
        .findFirst().orElse(null));
  }

  @SuppressWarnings("unchecked")
  private TableView<Object> clientsOf(String node) throws Exception {
    return ConsoleHarness.onFx(() -> {
      var section = window.clients().section(node);
      return section == null ? null : (TableView<Object>) section.getContent().lookup("#clients-table");
    });
  }

  private int rows(String node) throws Exception {
    var table = clientsOf(node);
    return table == null ? 0 : ConsoleHarness.onFx(() -> table.getItems().size());
  }

  /** The Id cell of the first row of {@code node}'s table. */
  private String firstId(String node) throws Exception {
    var table = clientsOf(node);
    return table == null ? null : ConsoleHarness.onFx(() -> table.getItems().isEmpty() ? null
        : ((ClientRow) table.getColumns().get(0).getCellData(0)).id());
  }

  private String outcome() throws Exception {
    return ConsoleHarness.onFx(() -> window.clients().outcome().getText());
  }

  /** Selects the only client of {@code node}, clicks Disconnect and confirms. */
  private void disconnectFromTheWindow(String node) throws Exception {
    var table = clientsOf(node);
    Node button = ConsoleHarness.onFx(() -> {
      table.getSelectionModel().select(0);
      return window.clients().section(node).getContent().lookup("#disconnect-button");
    });
    robot.clickOn(button);
    await().atMost(WAIT).until(() -> robot.lookup("#confirm-disconnect").tryQuery().isPresent());
    robot.clickOn("#confirm-disconnect");
  }

  @Test
  void showsMachinesByNodeStaleNodesAndEveryNodesClientsAndRefusesDisconnectWithoutPermission() throws Exception {
    var ca = client(a, "viewer-sees-me-a");
    var cb = client(b, "viewer-sees-me-b");
    // A third node that reports, then stops: the console must show it stale, with its age.
    var c = FleetRelay.start(nats.url("gpu-c", FleetAccounts.PASSWORD), "gpu-c");
    try (var sc = c.relay.sender()) {
      sc.send(EventSender.registered("old_worker", "worker", "done"));
    }
    await().atMost(WAIT).until(() -> c.node.health().published() == 1);
    show(FleetAccounts.VIEWER);
    await().atMost(WAIT).until(() -> window.model().frame().node("gpu-c") != null);
    c.close();

    await().atMost(WAIT).untilAsserted(() -> {
      List<String> lines = treeLines();
      assertThat(lines).hasSize(7);
      assertThat(lines.get(0)).startsWith("gpu-a  ·  reporting  ·  2 machines · 1 client");
      assertThat(lines.subList(1, 3)).containsExactly("  face_detector", "  face_processor");
      assertThat(lines.get(3)).startsWith("gpu-b  ·  reporting  ·  1 machine · 1 client");
      assertThat(lines.get(4)).isEqualTo("  cam_1");
      assertThat(lines.get(5)).startsWith("gpu-c  ·  STALE · last report ").contains(" ago");
      assertThat(lines.get(6)).isEqualTo("  old_worker");
      assertThat(rows("gpu-a")).isEqualTo(1);
      assertThat(rows("gpu-b")).isEqualTo(1);
      assertThat(ConsoleHarness.onFx(() -> window.clients().section("gpu-c").getText())).contains("STALE");
    });
    await().atMost(WAIT).until(() -> ConsoleHarness.onFx(() ->
        ((Label) window.scene().lookup("#fleet-replay-label")).getText().startsWith("live")));

    disconnectFromTheWindow("gpu-b");
    await().atMost(WAIT).until(() -> outcome().contains("refused: no permission"));
    assertThat(outcome()).startsWith("gpu-b: disconnect client").contains("relayscope.control.gpu-b.disconnect");
    assertThat(cb.closed.await(2, TimeUnit.SECONDS)).isFalse();
    assertThat(ca.isOpen()).isTrue();

    Node root = window.scene().getRoot();
    // The picture is the window, with each line of the tree and each node's client row drawn.
    var picture = Picture.take("fleet-console", root, parts -> {
      for (Node line : Picture.Parts.shown(root, ".tree-cell", n -> ((IndexedCell<?>) n).getItem() != null)) {
        parts.add("tree line " + ((IndexedCell<?>) line).getIndex(), line);
      }
      int i = 0;
      for (Node row : Picture.Parts.shown(root, ".table-row-cell", n -> ((IndexedCell<?>) n).getItem() != null)) {
        parts.add("client row " + i++, row);
      }
    });
    assertThat(picture.parts()).hasSize(7 + 2);
    picture.assertAllDrawn();
    ConsoleHarness.onFx(() -> {
      window.tabs().getSelectionModel().select(1);
      return null;
    });
    // The timeline across nodes: facts of both nodes, on lanes named by node.
    await().atMost(WAIT).until(() -> ConsoleHarness.onFx(() -> window.scene().getRoot().lookupAll(".label").stream()
        .map(l -> ((Label) l).getText()).anyMatch(t -> t != null && t.matches("[1-9][0-9,]* facts · .*"))));
    ConsoleHarness.screenshot("fleet-timeline", window.scene().getRoot());
  }

  @Test
  void disconnectFromTheWindowClosesTheClientOnItsNode() throws Exception {
    var ca = client(a, "operator-closes-me");
    show(FleetAccounts.OPERATOR);
    // The relays outlive each test: history holds snapshots naming earlier tests' clients, so wait
    // for the row of this client, not just for one row.
    String id = a.relay.core.snapshot().clients().stream().filter(c -> c.userAgent().equals("operator-closes-me"))
        .findFirst().orElseThrow().id();
    await().atMost(WAIT).until(() -> rows("gpu-a") == 1 && id.equals(firstId("gpu-a")));

    disconnectFromTheWindow("gpu-a");

    assertThat(ca.closed.await(30, TimeUnit.SECONDS)).as("closed; the window says: %s", outcome()).isTrue();
    assertThat(ca.closeCode).isEqualTo(4010);
    await().atMost(WAIT).until(() -> outcome().endsWith("— done"));
    await().atMost(WAIT).until(() -> rows("gpu-a") == 0);
  }

  /** A node with --nats-source says on its branch how far behind the events stream it is; one without, nothing. */
  @Test
  @Order(Integer.MAX_VALUE) // last: the node stays in the stream's history, and the tree test counts nodes
  void aSourcingNodeShowsItsLagBehindTheStream() throws Exception {
    var sourcing = FleetRelay.start(nats.url("gpu-s", FleetAccounts.PASSWORD), "gpu-s",
        o -> o.withSource(FleetOptions.DEFAULT_SOURCE, FleetOptions.SourceStart.ALL));
    open.add(sourcing);
    await().atMost(WAIT).until(() -> sourcing.node.health().sourced() >= 4);
    show(FleetAccounts.VIEWER);
    // Caught up with the stream: its snapshot says 0 behind, and the branch shows it.
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(nodeCellText("gpu-s")).startsWith("gpu-s  ·  reporting").contains("source lag 0 events, 0 s"));
    assertThat(nodeCellText("gpu-a")).isNotNull().doesNotContain("source lag");
  }
}
