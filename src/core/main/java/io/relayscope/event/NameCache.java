package io.relayscope.event;

import java.util.HashMap;

/**
 * One shared instance per distinct name (machine names, event types), so that what is kept per event
 * (the journal's facts) holds a reference, not its own copy of a name the parser made afresh.
 * Bounded: past {@code capacity} names it starts over, so names that never repeat cannot fill the
 * heap. One thread only.
 */
public final class NameCache {
  private final int capacity;
  private final HashMap<String, String> names;

  public NameCache(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
    this.capacity = capacity;
    this.names = new HashMap<>(capacity * 2);
  }

  /** The instance kept for {@code name} (equal to it); null for null. */
  public String canonical(String name) {
    if (name == null) return null;
    String kept = names.putIfAbsent(name, name);
    if (kept != null) return kept;
    if (names.size() > capacity) {
      names.clear();
      names.put(name, name);
    }
    return name;
  }

  /** Names held now. */
  int size() {
    return names.size();
  }
}
