package io.relayscope.machines;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mutable record of one machine's states and transitions. Written by the hub thread, copied
 * out by readers; both under this object's monitor, which only they share.
 */
final class MachineHistory {
  // Per machine, distinct states and transitions are capped: a machine that invents a new state per
  // event cannot grow its history without end. Beyond the caps, new ones go unrecorded.
  static final int MAX_STATES = 256;
  static final int MAX_TRANSITIONS = 1024;
  // Rough heap cost of the objects behind one entry (map node, accumulator, key record).
  private static final int STATE_COST = 96;
  private static final int TRANSITION_COST = 128;
  static final int BASE_COST = 512;

  private static final class StateAcc {
    long visits;
    long totalMillis;
    long lastEnteredMillis;
  }

  private static final class TransitionAcc {
    long count;
    long lastAtMillis;
  }

  private record Key(String from, String to, String event) {}

  private final String name;
  private String configType;
  private String currentState;
  private long enteredAtMillis;
  private long lastActivityMillis;
  private String lastEventType;
  private boolean terminated;
  private long events;
  private final Map<String, StateAcc> states = new LinkedHashMap<>();
  private final Map<Key, TransitionAcc> transitions = new LinkedHashMap<>();
  private TransitionStats lastTransition;
  private long retainedBytes = BASE_COST;

  MachineHistory(String name) {
    this.name = name;
  }

  synchronized void seen(String eventType, long atMillis) {
    events++;
    lastEventType = eventType;
    lastActivityMillis = atMillis;
  }

  synchronized void configType(String type) {
    if (type != null) configType = type;
  }

  synchronized void terminated(boolean value) {
    terminated = value;
  }

  /** The machine is (now) in {@code state}; re-entering the current state counts only via a transition. */
  synchronized void enter(String state, long atMillis) {
    if (state == null || state.equals(currentState)) return;
    leaveCurrent(atMillis);
    enterNew(state, atMillis);
  }

  synchronized void transition(String from, String to, String event, long atMillis) {
    if (to == null) return;
    String source = from != null ? from : currentState;
    var key = new Key(source, to, event);
    var acc = transitions.get(key);
    if (acc == null) {
      if (transitions.size() >= MAX_TRANSITIONS) {
        leaveCurrent(atMillis);
        enterNew(to, atMillis);
        return;
      }
      acc = new TransitionAcc();
      transitions.put(key, acc);
      retainedBytes += TRANSITION_COST + len(source) + len(to) + len(event);
    }
    acc.count++;
    acc.lastAtMillis = atMillis;
    lastTransition = new TransitionStats(source, to, event, acc.count, atMillis);
    leaveCurrent(atMillis);
    enterNew(to, atMillis); // a self-transition is a new visit
  }

  private void leaveCurrent(long atMillis) {
    if (currentState == null) return;
    StateAcc acc = states.get(currentState);
    if (acc != null) acc.totalMillis += Math.max(0, atMillis - enteredAtMillis);
  }

  private void enterNew(String state, long atMillis) {
    currentState = state;
    enteredAtMillis = atMillis;
    StateAcc acc = states.get(state);
    if (acc == null) {
      if (states.size() >= MAX_STATES) {
        return;
      }
      acc = new StateAcc();
      states.put(state, acc);
      retainedBytes += STATE_COST + len(state);
    }
    acc.visits++;
    acc.lastEnteredMillis = atMillis;
  }

  private static int len(String s) {
    return s == null ? 0 : s.length();
  }

  /** Estimated heap this history holds. */
  synchronized long retainedBytes() {
    return retainedBytes;
  }

  synchronized MachineSnapshot snapshot() {
    var s = new ArrayList<StateStats>(states.size());
    states.forEach((state, a) -> s.add(new StateStats(state, a.visits, a.totalMillis, a.lastEnteredMillis)));
    var t = new ArrayList<TransitionStats>(transitions.size());
    transitions.forEach((k, a) -> t.add(new TransitionStats(k.from(), k.to(), k.event(), a.count, a.lastAtMillis)));
    return new MachineSnapshot(name, configType, currentState, enteredAtMillis, lastActivityMillis, lastEventType,
        terminated, events, s, t, lastTransition);
  }
}
