package io.relayscope.ui.diagram;

import io.relayscope.ui.diagram.DiagramLayout.EdgeRoute;
import io.relayscope.ui.diagram.DiagramLayout.GroupBox;
import io.relayscope.ui.diagram.DiagramLayout.NodeBox;
import io.relayscope.ui.diagram.DiagramLayout.Point;
import io.relayscope.ui.diagram.DiagramLayout.Rect;
import io.relayscope.ui.diagram.DiagramStructure.Edge;
import io.relayscope.ui.diagram.DiagramStructure.Group;
import io.relayscope.ui.diagram.DiagramStructure.State;
import io.relayscope.ui.diagram.TextMeasure.Role;
import io.relayscope.ui.diagram.TextMeasure.Size;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.elk.alg.layered.options.CycleBreakingStrategy;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.math.KVector;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.options.SizeConstraint;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.ElkShape;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Lays a {@link DiagramStructure} out with ELK layered: groups become compound nodes and, with
 * hierarchy handling INCLUDE_CHILDREN, the whole diagram is laid out as one graph so edges route
 * across group boundaries. CPU work: call it off the FX thread, with a {@link TextMeasure#snapshot}.
 */
final class ElkDiagramLayout {
  /** Text of the "any state" marker. */
  static final String ANY_LABEL = "any state";
  /** Space between a state's text and its border. */
  static final double STATE_PAD_X = 10;
  static final double STATE_PAD_Y = 6;
  static final double STATE_MIN_WIDTH = 64;
  /** Space inside a group around its states; the top also holds the group's name. */
  static final double GROUP_PAD = 10;
  static final double GROUP_LABEL_GAP = 4;

  private ElkDiagramLayout() {}

  /** The layout without any fold. */
  static DiagramLayout layout(DiagramStructure structure, TextMeasure text) {
    return layout(structure, text, Set.of());
  }

  /** The layout with the edges in {@code reversed} handed to ELK backwards (see {@link Fold}). */
  static DiagramLayout layout(DiagramStructure structure, TextMeasure text, Set<String> reversed) {
    return new Run(structure, text, reversed).layout();
  }

  /** One layout: the ELK graph and the maps back to the structure. */
  private static final class Run {
    private final DiagramStructure structure;
    private final TextMeasure text;
    private final Set<String> reversed;
    private final ElkNode root = ElkGraphUtil.createGraph();
    private final Map<String, ElkNode> groups = new LinkedHashMap<>();
    private final Map<String, ElkNode> states = new LinkedHashMap<>();
    private final Map<Edge, ElkEdge> edges = new LinkedHashMap<>();
    private ElkNode marker;

    Run(DiagramStructure structure, TextMeasure text, Set<String> reversed) {
      this.structure = structure;
      this.text = text;
      this.reversed = reversed;
    }

    DiagramLayout layout() {
      configure(root);
      root.setProperty(CoreOptions.PADDING, new ElkPadding(12));
      for (Group g : structure.groups()) groups.put(g.name(), group(g));
      for (State s : structure.states()) states.put(s.name(), state(s));
      if (structure.hasAnyMarker()) marker = box(root, text.measure(Role.MARKER, ANY_LABEL));
      for (Edge e : structure.edges()) edges.put(e, edge(e));
      new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
      return result();
    }

    /** Options for the root and for every group, so each level lays out the same way. */
    private static void configure(ElkNode node) {
      node.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
      node.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
      // Left to right: the diagram sits in a wide, short pane (and Fold keeps long loops short).
      node.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
      node.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
      // Depth first from the sources (the initial state, the "any state" marker) keeps the main
      // loop reading forwards; only the edges closing a loop run backwards.
      node.setProperty(LayeredOptions.CYCLE_BREAKING_STRATEGY, CycleBreakingStrategy.DEPTH_FIRST);
      // Tight spacing: a machine's main loop is one long chain, and its width decides the fit scale.
      node.setProperty(LayeredOptions.SPACING_NODE_NODE, 14.0);
      node.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 16.0);
      node.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 8.0);
      node.setProperty(LayeredOptions.SPACING_EDGE_EDGE_BETWEEN_LAYERS, 8.0);
      node.setProperty(LayeredOptions.SPACING_EDGE_EDGE, 8.0);
      // Far enough that descenders and underscores stay clear of the line.
      node.setProperty(LayeredOptions.SPACING_EDGE_LABEL, 4.0);
    }

    private ElkNode group(Group g) {
      ElkNode node = ElkGraphUtil.createNode(root);
      configure(node);
      Size label = text.measure(Role.GROUP, g.name());
      node.setProperty(CoreOptions.PADDING,
          new ElkPadding(GROUP_PAD + label.height() + GROUP_LABEL_GAP, GROUP_PAD, GROUP_PAD, GROUP_PAD));
      // Wide enough for the name even when the group's states are narrower.
      node.setProperty(CoreOptions.NODE_SIZE_CONSTRAINTS, EnumSet.of(SizeConstraint.MINIMUM_SIZE));
      node.setProperty(CoreOptions.NODE_SIZE_MINIMUM, new KVector(label.width() + 2 * GROUP_PAD, 0));
      return node;
    }

    private ElkNode state(State s) {
      ElkNode parent = s.group() == null ? root : groups.getOrDefault(s.group(), root);
      return box(parent, text.measure(Role.STATE, s.name()));
    }

    private static ElkNode box(ElkNode parent, Size label) {
      ElkNode node = ElkGraphUtil.createNode(parent);
      node.setDimensions(Math.max(STATE_MIN_WIDTH, label.width() + 2 * STATE_PAD_X), label.height() + 2 * STATE_PAD_Y);
      return node;
    }

    private ElkEdge edge(Edge e) {
      ElkNode source = e.fromAny() ? marker : states.get(e.from());
      ElkNode target = states.get(e.to());
      boolean back = reversed.contains(e.id());
      ElkEdge edge = ElkGraphUtil.createSimpleEdge(back ? target : source, back ? source : target);
      // Edge coordinates are relative to the containing node: keep it the lowest common ancestor.
      ElkGraphUtil.updateContainment(edge);
      Size size = text.measure(Role.EDGE, e.label());
      ElkLabel label = ElkGraphUtil.createLabel(e.label(), edge);
      label.setDimensions(size.width(), size.height());
      label.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
      return edge;
    }

    private DiagramLayout result() {
      var groupBoxes = new ArrayList<GroupBox>();
      for (Group g : structure.groups()) {
        Rect r = rect(groups.get(g.name()));
        Size label = text.measure(Role.GROUP, g.name());
        groupBoxes.add(new GroupBox(g.name(), r, new Rect(r.x() + GROUP_PAD, r.y() + GROUP_PAD / 2 + 1, label.width(), label.height())));
      }
      var nodeBoxes = new ArrayList<NodeBox>();
      for (State s : structure.states()) nodeBoxes.add(new NodeBox(s, rect(states.get(s.name()))));
      var routes = new ArrayList<EdgeRoute>();
      for (var entry : edges.entrySet()) {
        routes.add(route(entry.getKey(), entry.getValue(), reversed.contains(entry.getKey().id())));
      }
      return new DiagramLayout(structure, root.getWidth(), root.getHeight(), nodeBoxes, groupBoxes,
          marker == null ? null : rect(marker), routes);
    }

    private static Rect rect(ElkShape shape) {
      KVector at = absolute(shape);
      return new Rect(at.x, at.y, shape.getWidth(), shape.getHeight());
    }

    private static EdgeRoute route(Edge e, ElkEdge edge, boolean back) {
      KVector offset = origin(edge.getContainingNode());
      var points = new ArrayList<Point>();
      for (ElkEdgeSection s : edge.getSections()) {
        add(points, offset, s.getStartX(), s.getStartY());
        s.getBendPoints().forEach(b -> add(points, offset, b.getX(), b.getY()));
        add(points, offset, s.getEndX(), s.getEndY());
      }
      if (back) Collections.reverse(points); // drawn the way the machine moves
      Rect label = null;
      if (!edge.getLabels().isEmpty()) {
        ElkLabel l = edge.getLabels().get(0);
        label = new Rect(offset.x + l.getX(), offset.y + l.getY(), l.getWidth(), l.getHeight());
      }
      return new EdgeRoute(e, points, label);
    }

    private static void add(List<Point> points, KVector offset, double x, double y) {
      Point p = new Point(offset.x + x, offset.y + y);
      if (points.isEmpty() || !points.get(points.size() - 1).equals(p)) points.add(p);
    }

    /** Top-left corner of a shape in root coordinates (ELK stores positions relative to the parent). */
    private static KVector absolute(ElkShape shape) {
      KVector at = new KVector(shape.getX(), shape.getY());
      if (shape instanceof ElkNode n) at.add(origin(n.getParent()));
      return at;
    }

    /** Origin of the coordinate system a node's children (and contained edges) use. */
    private static KVector origin(ElkNode node) {
      KVector at = new KVector();
      for (ElkNode n = node; n != null && n.getParent() != null; n = n.getParent()) at.add(n.getX(), n.getY());
      return at;
    }
  }
}
