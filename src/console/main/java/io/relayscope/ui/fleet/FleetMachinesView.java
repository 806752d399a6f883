package io.relayscope.ui.fleet;

import io.relayscope.fleet.console.FleetFrame;
import io.relayscope.fleet.console.NodeFrame;
import io.relayscope.machines.MachineSnapshot;
import io.relayscope.ui.fx.Format;
import io.relayscope.ui.fx.StyleClass;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
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
 * frame, refilled in place (a {@code refresh()} rebuilds every cell, CSS and layout, each frame).
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
  /** The clock ages are shown against: moved once a second, so every age moves in the same frame. */
  private long now;
  /** The cells the tree made (a screenful): a frame refills them in place. Weak: the tree may drop some. */
  private final Set<ItemCell> cells = Collections.newSetFromMap(new WeakHashMap<>());

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

  /** {@code tick}: the wall-clock second moved since the last frame, so ages are shown anew. */
  void render(FleetFrame frame, boolean tick) {
    if (tick || now == 0) now = frame.takenAtMillis();
    var byName = new HashMap<String, NodeFrame>();
    for (NodeFrame n : frame.nodes()) {
      byName.put(n.node(), n);
      TreeItem<Item> branch = nodeItems.computeIfAbsent(n.node(), name -> {
        var item = insert(root, new TreeItem<>(new Item(name, null)));
        item.setExpanded(true);
        return item;
      });
      for (MachineSnapshot m : n.machines()) {
        machineItems.computeIfAbsent(new Item(n.node(), m.name()), item -> insert(branch, new TreeItem<>(item)));
      }
    }
    nodes = byName;
    for (ItemCell c : List.copyOf(cells)) c.fill();
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
    return nodeLine(n, n.ageMillis());
  }

  /** As {@link #nodeLine(NodeFrame)}, with the last report {@code ageMillis} ago. */
  static String nodeLine(NodeFrame n, long ageMillis) {
    String health = n.lastReportMillis() == 0 ? "no report yet"
        : n.stale() ? "STALE · last report " + Format.duration(ageMillis) + " ago"
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

    ItemCell() {
      cells.add(this);
    }

    @Override
    protected void updateItem(Item item, boolean empty) {
      super.updateItem(item, empty);
      fill();
    }

    /** Shows the newest frame of its node or machine; the label and classes change only where they differ. */
    void fill() {
      Item item = getItem();
      NodeFrame n = isEmpty() || item == null ? null : nodes.get(item.node());
      setText(null);
      if (n == null) {
        styles(false, false, false, false);
        setGraphic(null);
        return;
      }
      if (item.machine() == null) {
        long age = n.lastReportMillis() == 0 ? 0 : Math.max(0, now - n.lastReportMillis());
        label.setText(nodeLine(n, age));
        styles(!n.stale(), n.stale(), false, false);
      } else {
        MachineSnapshot m = n.machines().stream().filter(s -> s.name().equals(item.machine())).findFirst().orElse(null);
        if (m == null) {
          label.setText(item.machine() + "  ·  evicted from the table");
        } else {
          String state = m.terminated() ? "terminated" : m.currentState() == null ? "no state reported" : m.currentState();
          String in = m.currentState() == null ? "" : "  ·  in state " + Format.duration(m.millisInState(now));
          label.setText(m.name() + "  ·  " + state + in);
        }
        styles(false, false, true, m != null && m.terminated());
      }
      if (getGraphic() != label) setGraphic(label);
    }

    private void styles(boolean node, boolean stale, boolean machine, boolean terminated) {
      StyleClass.set(this, "fleet-node", node);
      StyleClass.set(this, "fleet-node-stale", stale);
      StyleClass.set(this, "fleet-machine", machine);
      StyleClass.set(this, "terminated", terminated);
    }
  }
}
