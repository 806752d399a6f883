package io.relayscope.ui.fleet;

import io.relayscope.fleet.console.FleetFrame;
import io.relayscope.fleet.console.NodeFrame;
import io.relayscope.machines.MachineSnapshot;
import io.relayscope.ui.Format;
import java.util.HashMap;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;

/**
 * Machines grouped by node: one branch per node (reporting, or stale with the age of its last
 * report; with --nats-source, how far behind the events stream it is), its machines under it with their current state. Items are added in order as they
 * appear and never re-sorted, so a frame does not disturb the selection; cells read the newest
 * frame.
 */
final class FleetMachinesView {
  /** A node, or one machine of a node. */
  record Item(String node, String machine) {}

  private final TreeItem<Item> root = new TreeItem<>(new Item("", null));
  private final Map<String, TreeItem<Item>> nodeItems = new HashMap<>();
  private final Map<Item, TreeItem<Item>> machineItems = new HashMap<>();
  private final TreeView<Item> tree = new TreeView<>(root);
  private final BorderPane pane = new BorderPane();
  private Map<String, NodeFrame> nodes = Map.of();
  private long now;

  FleetMachinesView() {
    tree.setId("fleet-machines");
    tree.setShowRoot(false);
    tree.setCellFactory(t -> new ItemCell());
    var title = new Label("Machines by node");
    title.getStyleClass().add("section-title");
    var empty = new Label("No node has reported yet.\nRelays publish with --nats URL --node NAME.");
    empty.getStyleClass().add("empty-hint");
    pane.setTop(title);
    pane.setCenter(tree);
    pane.setMinWidth(240);
    pane.setPrefWidth(300);
  }

  Node node() {
    return pane;
  }

  TreeView<Item> tree() {
    return tree;
  }

  void render(FleetFrame frame) {
    now = frame.takenAtMillis();
    var byName = new HashMap<String, NodeFrame>();
    for (NodeFrame n : frame.nodes()) {
      byName.put(n.node(), n);
      TreeItem<Item> branch = nodeItems.computeIfAbsent(n.node(), name -> insert(root, new TreeItem<>(new Item(name, null))));
      branch.setExpanded(true);
      for (MachineSnapshot m : n.machines()) {
        machineItems.computeIfAbsent(new Item(n.node(), m.name()), item -> insert(branch, new TreeItem<>(item)));
      }
    }
    nodes = byName;
    tree.refresh();
  }

  /** Inserts in name order without re-sorting (a sort would permute the items and the selection). */
  private static TreeItem<Item> insert(TreeItem<Item> parent, TreeItem<Item> child) {
    var items = parent.getChildren();
    String key = child.getValue().machine() == null ? child.getValue().node() : child.getValue().machine();
    int at = 0;
    while (at < items.size()) {
      Item i = items.get(at).getValue();
      if ((i.machine() == null ? i.node() : i.machine()).compareTo(key) > 0) break;
      at++;
    }
    items.add(at, child);
    return child;
  }

  /** What a node's branch says about it: reporting, or stale with how long ago it last reported. */
  static String nodeLine(NodeFrame n) {
    String health = n.lastReportMillis() == 0 ? "no report yet"
        : n.stale() ? "STALE · last report " + Format.duration(n.ageMillis()) + " ago"
        : "reporting";
    int clients = n.figures() == null ? 0 : n.figures().clients().size();
    int machines = n.machines().size();
    return n.node() + "  ·  " + health + "  ·  " + machines + (machines == 1 ? " machine · " : " machines · ") + clients
        + (clients == 1 ? " client" : " clients") + sourceLag(n);
  }

  /**
   * How far behind the events stream the node's {@code --nats-source} is, from its snapshot (a
   * 47 s lag once showed nowhere); nothing for a node that does not source.
   */
  static String sourceLag(NodeFrame n) {
    var lag = n.sourceLag();
    boolean sources = n.figures() != null && n.figures().relay() != null && n.figures().relay().health() != null
        && n.figures().relay().health().nats().sourced() > 0;
    if (!sources && lag.events() == 0) return "";
    return "  ·  source lag " + Format.count(lag.events()) + (lag.events() == 1 ? " event, " : " events, ")
        + Format.duration(Math.round(lag.seconds() * 1000));
  }

  private final class ItemCell extends TreeCell<Item> {
    private final Label label = new Label();

    @Override
    protected void updateItem(Item item, boolean empty) {
      super.updateItem(item, empty);
      getStyleClass().removeAll("fleet-node", "fleet-node-stale", "fleet-machine", "terminated");
      setText(null);
      NodeFrame n = empty || item == null ? null : nodes.get(item.node());
      if (n == null) {
        setGraphic(null);
        return;
      }
      if (item.machine() == null) {
        label.setText(nodeLine(n));
        getStyleClass().add(n.stale() ? "fleet-node-stale" : "fleet-node");
      } else {
        MachineSnapshot m = n.machines().stream().filter(s -> s.name().equals(item.machine())).findFirst().orElse(null);
        if (m == null) {
          label.setText(item.machine() + "  ·  evicted from the table");
        } else {
          String state = m.terminated() ? "terminated" : m.currentState() == null ? "no state reported" : m.currentState();
          String in = m.currentState() == null ? "" : "  ·  in state " + Format.duration(m.millisInState(now));
          label.setText(m.name() + "  ·  " + state + in);
          if (m.terminated()) getStyleClass().add("terminated");
        }
        getStyleClass().add("fleet-machine");
      }
      setGraphic(label);
    }
  }
}
