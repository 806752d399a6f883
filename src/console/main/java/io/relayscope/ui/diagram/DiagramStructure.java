package io.relayscope.ui.diagram;

import java.util.List;

/**
 * What one machine's diagram shows, before any geometry: its states, the groups holding them and
 * its edges. Two equal structures lay out the same, so a change of structure (and nothing else)
 * triggers a new layout.
 *
 * @param learned true when the machine has no definition and everything here was seen live
 */
record DiagramStructure(String machine, boolean learned, List<State> states, List<Group> groups, List<Edge> edges) {

  /** Source of {@code from: "*"} edges: one marker node stands for "any state". */
  static final String ANY = "*";
  /** Node id of the "any state" marker. */
  static final String ANY_ID = "any-state";

  /** A state; {@code group} may be null. Undeclared states were seen live but are not in the definition. */
  record State(String name, String group, boolean declared) {
    String id() {
      return DiagramStyles.id("state-", name);
    }
  }

  record Group(String name, List<String> states) {
    Group {
      states = List.copyOf(states);
    }
  }

  /**
   * One drawn arrow: every event between the same two states shares it, so the label lists them.
   * Undeclared edges are transitions seen live that the definition does not allow.
   */
  record Edge(String id, String from, String to, List<String> events, boolean declared) {
    Edge {
      events = List.copyOf(events);
    }

    boolean fromAny() {
      return ANY.equals(from);
    }

    /** One event per line: long event names side by side would make wide labels. */
    String label() {
      return String.join("\n", events);
    }
  }

  DiagramStructure {
    states = List.copyOf(states);
    groups = List.copyOf(groups);
    edges = List.copyOf(edges);
  }

  boolean hasAnyMarker() {
    return edges.stream().anyMatch(Edge::fromAny);
  }

  /**
   * The edge that stands for a transition seen live: an undeclared edge carrying that event first,
   * then the declared edge between the two states, then the "any state" edge into {@code to}.
   */
  Edge edgeFor(String from, String to, String event) {
    Edge between = null;
    Edge fromAny = null;
    for (Edge e : edges) {
      if (!e.to().equals(to)) continue;
      if (e.from().equals(from)) {
        if (!e.declared() && e.events().contains(eventLabel(event))) return e;
        if (between == null || !between.declared() && e.declared()) between = e;
      } else if (e.fromAny() && fromAny == null) {
        fromAny = e;
      }
    }
    return between != null ? between : fromAny;
  }

  /** How an event shows in a label: a transition without a trigger still gets a visible mark. */
  static String eventLabel(String event) {
    return event == null ? "?" : event;
  }
}
