package io.relayscope.ui.diagram;

import io.relayscope.ui.diagram.DiagramLayout.EdgeRoute;
import io.relayscope.ui.diagram.DiagramLayout.GroupBox;
import io.relayscope.ui.diagram.DiagramLayout.NodeBox;
import io.relayscope.ui.diagram.DiagramLayout.Rect;
import java.util.HashMap;
import java.util.Map;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.TextAlignment;

/**
 * The nodes of one laid-out diagram. Built once per layout; afterwards a frame only moves the
 * current-state class and lights edges, so nothing here is rebuilt at frame rate.
 */
final class RenderedDiagram {
  /** Groups at the back, then edges, lit edges, labels, and states on top. */
  private final Group groups = new Group();
  private final Group edges = new Group();
  private final Group flashes = new Group();
  private final Group labels = new Group();
  private final Group states = new Group();
  private final Group root = new Group(groups, edges, flashes, labels, states);
  private final DiagramLayout layout;
  private final Map<String, Label> stateNodes = new HashMap<>();
  private final Map<String, EdgeShape> edgeShapes = new HashMap<>();
  private final EdgeFlash flash = new EdgeFlash(flashes);
  private String current;

  RenderedDiagram(DiagramLayout layout, DiagramTooltips tooltips) {
    this.layout = layout;
    root.setId("diagram-content");
    // An invisible backdrop the size of the layout, so the root's bounds are the diagram's.
    var backdrop = new Rectangle(layout.width(), layout.height());
    backdrop.setFill(null);
    backdrop.setMouseTransparent(true);
    groups.getChildren().add(backdrop);
    for (GroupBox g : layout.groups()) addGroup(g);
    for (EdgeRoute r : layout.edges()) {
      var shape = new EdgeShape(r);
      edgeShapes.put(r.edge().id(), shape);
      edges.getChildren().add(shape.line());
      if (shape.label() != null) labels.getChildren().add(shape.label());
      tooltips.installEdge(shape.line(), r.edge());
    }
    for (NodeBox n : layout.states()) {
      Label l = box(n.state().name(), n.rect(), DiagramStyles.STATE);
      l.setId(n.state().id());
      if (!n.state().declared()) l.getStyleClass().add(DiagramStyles.UNDECLARED_STATE);
      tooltips.installState(l, n.state());
      stateNodes.put(n.state().name(), l);
      states.getChildren().add(l);
    }
    if (layout.marker() != null) {
      Label marker = box(ElkDiagramLayout.ANY_LABEL, layout.marker(), DiagramStyles.MARKER);
      marker.setId(DiagramStructure.ANY_ID);
      tooltips.installMarker(marker);
      states.getChildren().add(marker);
    }
  }

  private void addGroup(GroupBox g) {
    Rect r = g.rect();
    var frame = new Rectangle(r.x(), r.y(), r.width(), r.height());
    frame.getStyleClass().add(DiagramStyles.GROUP);
    frame.setId(DiagramStyles.id("group-", g.name()));
    var name = new Label(g.name());
    name.getStyleClass().add(DiagramStyles.GROUP_LABEL);
    name.setMouseTransparent(true);
    place(name, g.label());
    groups.getChildren().addAll(frame, name);
  }

  private static Label box(String text, Rect r, String styleClass) {
    var l = new Label(text);
    l.getStyleClass().add(styleClass);
    l.setAlignment(Pos.CENTER);
    l.setTextAlignment(TextAlignment.CENTER);
    place(l, r);
    return l;
  }

  /** Fixes a label to its laid-out box: the layout measured the text, so it fits. */
  static void place(Label l, Rect r) {
    l.setMinSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
    l.setPrefSize(r.width(), r.height());
    l.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
    l.relocate(r.x(), r.y());
  }

  Node node() {
    return root;
  }

  DiagramLayout layout() {
    return layout;
  }

  DiagramStructure structure() {
    return layout.structure();
  }

  /** Moves the highlight to {@code state} (null: none). */
  void setCurrent(String state) {
    if (current != null && stateNodes.containsKey(current)) stateNodes.get(current).getStyleClass().remove(DiagramStyles.CURRENT);
    current = state;
    Label l = state == null ? null : stateNodes.get(state);
    if (l != null && !l.getStyleClass().contains(DiagramStyles.CURRENT)) l.getStyleClass().add(DiagramStyles.CURRENT);
  }

  /** Where the current state is drawn, in the diagram's coordinates; null if none is shown. */
  Bounds currentBounds() {
    Label l = current == null ? null : stateNodes.get(current);
    return l == null ? null : new BoundingBox(l.getLayoutX(), l.getLayoutY(), l.getPrefWidth(), l.getPrefHeight());
  }

  /** Lights the edge standing for this transition; false if the diagram has no such edge. */
  boolean flash(String from, String to, String event) {
    DiagramStructure.Edge e = structure().edgeFor(from, to, event);
    EdgeShape shape = e == null ? null : edgeShapes.get(e.id());
    if (shape == null) return false;
    flash.play(e.id(), shape.flashCopy());
    return true;
  }
}
