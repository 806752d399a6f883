package io.relayscope.ui.diagram;

import io.relayscope.machines.MachineDefinition;
import io.relayscope.machines.MachineSnapshot;
import io.relayscope.machines.StateStats;
import io.relayscope.machines.TransitionStats;
import io.relayscope.ui.diagram.DiagramStructure.Edge;
import io.relayscope.ui.diagram.DiagramStructure.Group;
import io.relayscope.ui.diagram.DiagramStructure.State;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derives a machine's {@link DiagramStructure} from its definition and what was seen live. Pure and
 * cheap: the view calls it whenever the seen transitions may have changed and lays out only when
 * the result differs. Orders follow the definition, then first sight, so equal inputs give equal
 * structures.
 */
final class StructureBuilder {
  private StructureBuilder() {}

  /** {@code definition} may be null: the diagram is then learned from the states and transitions seen. */
  static DiagramStructure build(MachineSnapshot machine, MachineDefinition definition) {
    return definition == null ? learned(machine) : declared(machine, definition);
  }

  private static DiagramStructure declared(MachineSnapshot machine, MachineDefinition def) {
    var states = new LinkedHashMap<String, State>();
    for (String s : def.states()) states.put(s, new State(s, def.groupOf(s), true));
    var edges = new EdgeCollector();
    for (MachineDefinition.Transition t : def.transitions()) {
      if (!t.from().equals(MachineDefinition.ANY_STATE)) states.putIfAbsent(t.from(), new State(t.from(), null, true));
      states.putIfAbsent(t.to(), new State(t.to(), null, true));
      edges.add(t.from(), t.to(), t.event(), true);
    }
    // Live transitions the definition allows are already drawn (a "*" one by its single marker edge);
    // only the ones it does not allow add edges, and any state they bring is marked undeclared too.
    for (String s : seenStates(machine)) states.putIfAbsent(s, new State(s, null, false));
    for (TransitionStats t : machine.transitions()) {
      if (t.from() != null && !def.defines(t.from(), t.to(), t.event())) edges.add(t.from(), t.to(), t.event(), false);
    }
    var groups = new ArrayList<Group>();
    def.groups().forEach((name, members) -> {
      List<String> present = members.stream().filter(states::containsKey).toList();
      if (!present.isEmpty()) groups.add(new Group(name, present));
    });
    return new DiagramStructure(machine.name(), false, List.copyOf(states.values()), groups, edges.edges());
  }

  private static DiagramStructure learned(MachineSnapshot machine) {
    var states = new ArrayList<State>();
    for (String s : seenStates(machine)) states.add(new State(s, null, true));
    var edges = new EdgeCollector();
    for (TransitionStats t : machine.transitions()) {
      if (t.from() != null) edges.add(t.from(), t.to(), t.event(), true);
    }
    return new DiagramStructure(machine.name(), true, states, List.of(), edges.edges());
  }

  /** States in order of first sight: visited ones, the current one, and both ends of every transition. */
  private static Set<String> seenStates(MachineSnapshot machine) {
    var seen = new LinkedHashSet<String>();
    for (StateStats s : machine.states()) seen.add(s.state());
    if (machine.currentState() != null) seen.add(machine.currentState());
    for (TransitionStats t : machine.transitions()) {
      if (t.from() != null) seen.add(t.from());
      seen.add(t.to());
    }
    return seen;
  }

  /** Merges transitions between the same two states (declared apart from undeclared) into one edge. */
  private static final class EdgeCollector {
    private record Key(String from, String to, boolean declared) {}

    private final Map<Key, List<String>> events = new LinkedHashMap<>();

    void add(String from, String to, String event, boolean declared) {
      List<String> list = events.computeIfAbsent(new Key(from, to, declared), k -> new ArrayList<>());
      String label = DiagramStructure.eventLabel(event);
      if (!list.contains(label)) list.add(label);
    }

    List<Edge> edges() {
      var out = new ArrayList<Edge>(events.size());
      events.forEach((k, ev) -> {
        String id = DiagramStyles.id("edge-", (DiagramStructure.ANY.equals(k.from()) ? "any" : k.from()) + "-" + k.to());
        // Only an undeclared edge beside a declared one between the same states needs a suffix.
        if (!k.declared() && events.containsKey(new Key(k.from(), k.to(), true))) id += "-undeclared";
        out.add(new Edge(id, k.from(), k.to(), ev, k.declared()));
      });
      return out;
    }
  }
}
