package io.relayscope.cli;

import io.relayscope.metrics.NatsHealth;
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
    long slow = s.clients().stream().filter(c -> c.state().flagged()).count();
    String lastEvent = r.lastEventMillis() == 0 ? "none yet"
        : String.format(Locale.ROOT, "%.1f s ago", (s.takenAtMillis() - r.lastEventMillis()) / 1000.0);
    return String.format(Locale.ROOT,
        "%s status: socket %s, events %d (%.1f/s), rejected %d, clients %d (%d lagging or not reading), evicted %d, keepalive-closed %d, last event %s, fan-out p99 %.3f ms",
        LocalTime.now().format(TIME), r.eventSocketBound() ? "bound" : "NOT BOUND", r.eventsIn(), r.eventsPerSecond(),
        r.rejectedTotal(), r.clients(), slow, r.evictions(), r.keepaliveCloses(), lastEvent, r.fanOut().p99Ms())
        + behind(r) + nats(r.health().nats());
  }

  /** The relay's own lag behind its input, when there is one worth a line's room. */
  private static String behind(RelayStats r) {
    return !r.behindItsInput() ? "" : String.format(Locale.ROOT, ", BEHIND its input by %.1f s (%,d bytes waiting)",
        r.handoffOldestMs() / 1000, r.handoffBytes());
  }

  private static String nats(NatsHealth n) {
    if (!n.enabled()) return "";
    return String.format(Locale.ROOT, ", nats %s (published %d, buffered %d, lost %d, facts lost %d%s)",
        n.status(), n.published(), n.bufferedEvents(), n.lost(), n.factsLost(),
        n.sourced() > 0 ? ", from stream " + n.sourced() : "");
  }
}
