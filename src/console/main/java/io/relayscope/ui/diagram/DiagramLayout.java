package io.relayscope.ui.diagram;

import java.util.List;

/**
 * Where everything of one {@link DiagramStructure} goes, in diagram coordinates (origin top left,
 * all absolute). Immutable: computed off the FX thread, drawn on it.
 *
 * @param marker the "any state" marker, or null when no edge starts from any state
 */
record DiagramLayout(DiagramStructure structure, double width, double height, List<NodeBox> states,
    List<GroupBox> groups, Rect marker, List<EdgeRoute> edges) {

  record Point(double x, double y) {}

  record Rect(double x, double y, double width, double height) {
    double centerX() {
      return x + width / 2;
    }

    double centerY() {
      return y + height / 2;
    }

    boolean intersects(Rect o) {
      return x < o.x + o.width && o.x < x + width && y < o.y + o.height && o.y < y + height;
    }

    boolean contains(Rect o) {
      return o.x >= x && o.y >= y && o.x + o.width <= x + width && o.y + o.height <= y + height;
    }
  }

  record NodeBox(DiagramStructure.State state, Rect rect) {}

  /** {@code label} is where the group's name goes, inside the top of {@code rect}. */
  record GroupBox(String name, Rect rect, Rect label) {}

  /** {@code points} run from source to target (at least two); {@code label} may be null. */
  record EdgeRoute(DiagramStructure.Edge edge, List<Point> points, Rect label) {
    EdgeRoute {
      points = List.copyOf(points);
    }
  }

  DiagramLayout {
    states = List.copyOf(states);
    groups = List.copyOf(groups);
    edges = List.copyOf(edges);
  }

  NodeBox state(String name) {
    return states.stream().filter(s -> s.state().name().equals(name)).findFirst().orElse(null);
  }

  GroupBox group(String name) {
    return groups.stream().filter(g -> g.name().equals(name)).findFirst().orElse(null);
  }

  EdgeRoute edge(String id) {
    return edges.stream().filter(e -> e.edge().id().equals(id)).findFirst().orElse(null);
  }
}
