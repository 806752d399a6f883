package io.relayscope.machines;

import java.util.List;

/**
 * One machine as the console shows it, at one instant: where it is, since when, and the states
 * and transitions it has been seen to use.
 */
public record MachineSnapshot(
    String name,
    String configType,
    String currentState,
    long stateEnteredAtMillis,
    long lastActivityMillis,
    String lastEventType,
    boolean terminated,
    long events,
    List<StateStats> states,
    List<TransitionStats> transitions,
    TransitionStats lastTransition) {

  public MachineSnapshot {
    states = List.copyOf(states);
    transitions = List.copyOf(transitions);
  }

  /** Time in the current state at {@code nowMillis}, or 0 if the state is unknown. */
  public long millisInState(long nowMillis) {
    return currentState == null || stateEnteredAtMillis == 0 ? 0 : Math.max(0, nowMillis - stateEnteredAtMillis);
  }
}
