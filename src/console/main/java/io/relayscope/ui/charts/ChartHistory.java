package io.relayscope.ui.charts;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.metrics.ClientStats;
import io.relayscope.ui.frame.ConsoleFrame;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The last five minutes of what the charts show, one point a second, kept whether or not the charts
 * are paused (so Resume catches up). Frames arrive ten times a second; each is folded into the
 * current second's {@link ClientWindow}s and the first frame of a new second closes them into one
 * point per series. A client that leaves keeps its history, marked closed, until its last point
 * leaves the window (or its place is needed for a new client), so an incident stays on the charts.
 */
final class ChartHistory {
  static final long WINDOW_MILLIS = 5 * 60_000;
  /** One point a second for the window, plus slack for a second sampled twice at its edges. */
  static final int CAPACITY = (int) (WINDOW_MILLIS / 1000) + 2;
  /**
   * Clients charted at most, the first connected: more lines than this are unreadable and would
   * make every chart slow; the Clients table still lists them all.
   */
  static final int MAX_CLIENTS = 12;

  private final TimeRing eventsPerSecond = new TimeRing(CAPACITY);
  private final Map<String, Client> clients = new LinkedHashMap<>();
  private long second = Long.MIN_VALUE;
  private long lastPointMillis;
  private int notCharted;

  private static final class Client {
    final ClientStats firstSeen;
    final ClientWindow window = new ClientWindow();
    final Map<ClientMetric, TimeRing> rings = new EnumMap<>(ClientMetric.class);
    long closedAtMillis = -1;

    Client(ClientStats firstSeen) {
      this.firstSeen = firstSeen;
      for (ClientMetric m : ClientMetric.values()) rings.put(m, new TimeRing(CAPACITY));
    }
  }

  /** Takes one frame; true when it closed a second and added points. */
  boolean accept(ConsoleFrame frame) {
    long now = frame.takenAtMillis();
    Set<String> present = new HashSet<>();
    for (ClientStats c : frame.relay().clients()) present.add(c.id());
    for (var e : clients.entrySet()) {
      if (!present.contains(e.getKey()) && e.getValue().closedAtMillis < 0) e.getValue().closedAtMillis = now;
    }
    clients.values().removeIf(c -> c.closedAtMillis >= 0 && now - c.closedAtMillis > WINDOW_MILLIS);
    int live = 0;
    for (ClientStats c : frame.relay().clients()) {
      Client known = clients.get(c.id());
      if (known == null && clients.size() >= MAX_CLIENTS) dropOldestClosed();
      if (known == null && clients.size() < MAX_CLIENTS) clients.put(c.id(), known = new Client(c));
      if (known != null) {
        known.window.observe(c);
        live++;
      }
    }
    notCharted = present.size() - live;
    for (JournalFact f : frame.newFacts()) {
      if (f.kind() == FactKind.SENDS && f.fields().get("max_latency_ms") instanceof Number ms) {
        Client c = clients.get(f.subject());
        if (c != null) c.window.observeSends(ms.doubleValue());
      }
    }

    long s = Math.floorDiv(now, 1000);
    if (s == second) return false;
    second = s;
    lastPointMillis = now;
    eventsPerSecond.add(now, frame.relay().relay().eventsPerSecond());
    eventsPerSecond.dropBefore(now - WINDOW_MILLIS);
    for (Client c : clients.values()) {
      if (c.closedAtMillis >= 0) {
        c.rings.values().forEach(ring -> ring.dropBefore(now - WINDOW_MILLIS));
        continue;
      }
      c.window.take(now).forEach((metric, value) -> {
        TimeRing ring = c.rings.get(metric);
        if (!value.isNaN()) ring.add(now, value);
        ring.dropBefore(now - WINDOW_MILLIS);
      });
    }
    return true;
  }

  /** Live clients come first: the closed client that left first makes room. */
  private void dropOldestClosed() {
    clients.entrySet().stream().filter(e -> e.getValue().closedAtMillis >= 0)
        .min(Comparator.comparingLong(e -> e.getValue().closedAtMillis))
        .map(Map.Entry::getKey).ifPresent(clients::remove);
  }

  /** True for a client that has left (its history is kept for the window). */
  boolean closed(String clientId) {
    Client c = clients.get(clientId);
    return c != null && c.closedAtMillis >= 0;
  }

  /** When the newest points were taken. */
  long lastPointMillis() {
    return lastPointMillis;
  }

  /** Connected clients left out for {@link #MAX_CLIENTS}. */
  int notCharted() {
    return notCharted;
  }

  TimeRing eventsPerSecond() {
    return eventsPerSecond;
  }

  /** Clients charted (connected, and closed ones within the window), in the order they were first seen. */
  Set<String> clientIds() {
    return clients.keySet();
  }

  TimeRing ring(String clientId, ClientMetric metric) {
    return clients.get(clientId).rings.get(metric);
  }

  /** The client's figures when the charts first saw it (remote address, user agent). */
  ClientStats firstSeen(String clientId) {
    return clients.get(clientId).firstSeen;
  }
}
