package io.relayscope.machines;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A machine's structure in upstream's YAML format: its states (in file order), the
 * {@code # === GROUP ===} composites they are grouped into, and its transitions ({@code from} may
 * be {@code "*"}, any state). {@code configType} is the file stem, as engines report it.
 */
public record MachineDefinition(
    String configType,
    String displayName,
    String machineName,
    String initialState,
    List<String> states,
    Map<String, List<String>> groups,
    List<Transition> transitions) {

  public static final String ANY_STATE = "*";

  public record Transition(String from, String to, String event) {}

  public MachineDefinition {
    states = List.copyOf(states);
    groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    transitions = List.copyOf(transitions);
  }

  /** True when the definition has this transition (a {@code "*"} source matches any state). */
  public boolean defines(String from, String to, String event) {
    for (Transition t : transitions) {
      if (t.to().equals(to) && (t.from().equals(ANY_STATE) || t.from().equals(from))
          && (event == null || t.event() == null || t.event().equals(event) || event.startsWith("timeout"))) {
        return true;
      }
    }
    return false;
  }

  /** The group a state belongs to, or null. */
  public String groupOf(String state) {
    for (var e : groups.entrySet()) {
      if (e.getValue().contains(state)) return e.getKey();
    }
    return null;
  }
}
