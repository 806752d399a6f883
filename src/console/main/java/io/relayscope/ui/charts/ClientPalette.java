package io.relayscope.ui.charts;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Gives each client one colour for all charts and the legend, kept while it is connected. JavaFX
 * would colour each chart's series by the order they were added to that chart, which differs
 * between charts once clients come and go; the colours themselves are in the stylesheets.
 */
final class ClientPalette {
  static final int COLOURS = 8;

  private final Map<String, Integer> slots = new HashMap<>();
  private final int[] users = new int[COLOURS];

  /** The style class of the client's colour: {@code rs-series-0} … {@code rs-series-7}. */
  String styleClass(String clientId) {
    return "rs-series-" + slots.computeIfAbsent(clientId, id -> leastUsed());
  }

  /** Frees the colours of clients not in {@code present}. */
  void retain(Set<String> present) {
    slots.entrySet().removeIf(e -> {
      if (present.contains(e.getKey())) return false;
      users[e.getValue()]--;
      return true;
    });
  }

  private int leastUsed() {
    int best = 0;
    for (int i = 1; i < COLOURS; i++) if (users[i] < users[best]) best = i;
    users[best]++;
    return best;
  }
}
