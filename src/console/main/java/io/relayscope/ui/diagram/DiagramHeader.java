package io.relayscope.ui.diagram;

import io.relayscope.machines.MachineSnapshot;
import io.relayscope.ui.fx.Format;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The line above the diagram: which machine, its config type, where it is and for how long. */
final class DiagramHeader {
  private static final String LEARNED = "note-learned";
  private static final String UNDECLARED = "note-undeclared";

  private final Label machine = label("diagram-machine");
  private final Label config = label("diagram-config");
  private final Label current = label("diagram-current");
  private final Label time = label("diagram-time");
  private final Label note = label("diagram-note");
  private final Label help = label("diagram-help");
  private final HBox root = new HBox();

  DiagramHeader() {
    root.getStyleClass().add("diagram-header");
    root.setId("diagram-header");
    root.managedProperty().bind(root.visibleProperty());
    help.setText("wheel: zoom · drag: pan · double-click: fit");
    // In a narrow pane the note and the help give way (with an ellipsis), never the machine's facts.
    note.setMinWidth(0);
    help.setMinWidth(0);
    var spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    root.getChildren().addAll(machine, config, current, time, spacer, note, help);
  }

  private static Label label(String id) {
    var l = new Label();
    l.setId(id);
    l.getStyleClass().add(id);
    l.setMinWidth(Region.USE_PREF_SIZE);
    return l;
  }

  Node node() {
    return root;
  }

  /** When the structure changes (null: none yet). */
  void structure(DiagramStructure structure) {
    note.setText(noteFor(structure));
    note.getStyleClass().removeAll(LEARNED, UNDECLARED);
    if (structure != null) note.getStyleClass().add(structure.learned() ? LEARNED : UNDECLARED);
  }

  /** Every frame; the labels only change when their text does. */
  void show(MachineSnapshot m, long nowMillis) {
    machine.setText(m.name());
    config.setText(m.configType() == null ? "config type unknown" : m.configType());
    String state = m.currentState() == null ? "—" : m.currentState();
    current.setText(m.terminated() ? "terminated in " + state : state);
    time.setText(m.currentState() == null || m.terminated() ? "" : "for " + Format.duration(m.millisInState(nowMillis)));
  }

  private static String noteFor(DiagramStructure s) {
    if (s == null) return "";
    if (s.learned()) return "no definition: learned from the transitions seen";
    long undeclared = s.edges().stream().filter(e -> !e.declared()).count();
    if (undeclared == 0) return "";
    return undeclared + (undeclared == 1 ? " transition" : " transitions") + " not in the definition (dashed)";
  }
}
