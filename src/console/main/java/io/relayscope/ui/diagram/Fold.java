package io.relayscope.ui.diagram;

import io.relayscope.ui.diagram.DiagramStructure.Edge;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds a long chain of states back on itself, so a machine's main loop draws as a ring (out along
 * the top, back along the bottom) instead of one row too wide to read in a short pane.
 *
 * <p>ELK's layered algorithm puts every edge's target to the right of its source, so a loop of n
 * states is n layers wide whatever the pane looks like. A fold is a choice of edges to hand to ELK
 * reversed: states past the cut get mirrored layers, so the far half of the loop runs right to
 * left under the near half. The drawing reverses those routes back, so arrows still point the way
 * the machine moves.
 */
final class Fold {
  /** Chains shorter than this many layers are drawn unfolded. */
  static final int MIN_LAYERS = 6;

  private Fold() {}

  /** Every fold worth trying, as sets of edge ids to reverse; the first is no fold at all. */
  static List<Set<String>> candidates(DiagramStructure s) {
    var result = new ArrayList<Set<String>>();
    result.add(Set.of());
    Map<String, Integer> layers = layers(s);
    int count = layers.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    if (count < MIN_LAYERS) return result;
    for (int cut = count / 3; cut <= (2 * count) / 3; cut++) {
      Set<String> reversed = reversedAt(s, layers, cut);
      if (!reversed.isEmpty() && !result.contains(reversed)) result.add(reversed);
    }
    return result;
  }

  /** Layers past {@code cut} are mirrored back; an edge runs reversed when its ends now point left. */
  private static Set<String> reversedAt(DiagramStructure s, Map<String, Integer> layers, int cut) {
    var reversed = new HashSet<String>();
    for (Edge e : s.edges()) {
      String from = source(e);
      if (from.equals(e.to())) continue;
      if (mirrored(layers.get(from), cut) > mirrored(layers.get(e.to()), cut)) reversed.add(e.id());
    }
    return Set.copyOf(reversed);
  }

  private static int mirrored(int layer, int cut) {
    return layer <= cut ? layer : 2 * cut + 1 - layer;
  }

  static String source(Edge e) {
    return e.fromAny() ? DiagramStructure.ANY : e.from();
  }

  /**
   * Longest-path layers after breaking cycles depth first from the sources, in structure order:
   * the same reading order the layout itself uses.
   */
  static Map<String, Integer> layers(DiagramStructure s) {
    var nodes = new LinkedHashSet<String>();
    if (s.hasAnyMarker()) nodes.add(DiagramStructure.ANY);
    s.states().forEach(st -> nodes.add(st.name()));
    Map<String, List<String>> out = new HashMap<>();
    Map<String, Integer> inDegree = new HashMap<>();
    for (String n : nodes) {
      out.put(n, new ArrayList<>());
      inDegree.put(n, 0);
    }
    for (Edge e : s.edges()) {
      String from = source(e);
      if (from.equals(e.to())) continue;
      out.get(from).add(e.to());
      inDegree.merge(e.to(), 1, Integer::sum);
    }
    // Depth first from the sources first, then from whatever is left (states only on cycles).
    var order = new ArrayList<String>();
    nodes.stream().filter(n -> inDegree.get(n) == 0).forEach(order::add);
    order.addAll(nodes);
    var visited = new HashSet<String>();
    var onStack = new HashSet<String>();
    Map<String, List<String>> dag = new HashMap<>();
    nodes.forEach(n -> dag.put(n, new ArrayList<>()));
    for (String start : order) {
      if (!visited.contains(start)) dfs(start, out, visited, onStack, dag);
    }
    return longestPath(nodes, dag);
  }

  private static void dfs(String start, Map<String, List<String>> out, Set<String> visited, Set<String> onStack,
      Map<String, List<String>> dag) {
    // Iterative, so a long machine cannot overflow the stack.
    var stack = new ArrayDeque<Object[]>();
    visited.add(start);
    onStack.add(start);
    stack.push(new Object[] {start, 0});
    while (!stack.isEmpty()) {
      Object[] top = stack.peek();
      String n = (String) top[0];
      int i = (Integer) top[1];
      List<String> next = out.get(n);
      if (i == next.size()) {
        onStack.remove(n);
        stack.pop();
        continue;
      }
      top[1] = i + 1;
      String m = next.get(i);
      if (onStack.contains(m)) {
        dag.get(m).add(n); // a back edge: reversed
      } else {
        dag.get(n).add(m);
        if (visited.add(m)) {
          onStack.add(m);
          stack.push(new Object[] {m, 0});
        }
      }
    }
  }

  private static Map<String, Integer> longestPath(Set<String> nodes, Map<String, List<String>> dag) {
    Map<String, Integer> indegree = new HashMap<>();
    nodes.forEach(n -> indegree.put(n, 0));
    dag.values().forEach(targets -> targets.forEach(t -> indegree.merge(t, 1, Integer::sum)));
    var ready = new ArrayDeque<String>();
    nodes.stream().filter(n -> indegree.get(n) == 0).forEach(ready::add);
    Map<String, Integer> layer = new HashMap<>();
    nodes.forEach(n -> layer.put(n, 0));
    while (!ready.isEmpty()) {
      String n = ready.poll();
      for (String t : dag.get(n)) {
        layer.merge(t, layer.get(n) + 1, Math::max);
        if (indegree.merge(t, -1, Integer::sum) == 0) ready.add(t);
      }
    }
    return layer;
  }
}
