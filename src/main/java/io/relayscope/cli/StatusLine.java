package io.relayscope.cli;

import io.relayscope.metrics.ClientState;
import io.relayscope.metrics.RelaySnapshot;
import io.relayscope.metrics.RelayStats;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** One line of headless status, from a snapshot. */
final class StatusLine {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private StatusLine() {}

  static String of(RelaySnapshot s) {
    RelayStats r = s.relay();
    long slow = s.clients().stream().filter(c -> c.state() == ClientState.SLOW || c.state() == ClientState.STALLED).count();
    String lastEvent = r.lastEventMillis() == 0 ? "none yet"
        : String.format(Locale.ROOT, "%.1f s ago", (s.takenAtMillis() - r.lastEventMillis()) / 1000.0);
    return String.format(Locale.ROOT,
        "%s status: socket %s, events %d (%.1f/s), rejected %d, clients %d (%d slow), evicted %d, last event %s, fan-out p99 %.3f ms",
        LocalTime.now().format(TIME), r.eventSocketBound() ? "bound" : "NOT BOUND", r.eventsIn(), r.eventsPerSecond(),
        r.rejectedTotal(), r.clients(), slow, r.evictions(), lastEvent, r.fanOut().p99Ms());
  }
}
