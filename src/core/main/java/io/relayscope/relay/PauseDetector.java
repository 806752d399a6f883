package io.relayscope.relay;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import java.util.Map;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses of the relay itself. The monitor ticks on a fixed period; a tick {@link #PAUSE_AFTER_NANOS}
 * late means every relay thread may have been held up as long (a GC pause, a starved host): journaled
 * once as the relay's, and every client's evidence is aged from its end ({@link #lastEndNanos}).
 */
final class PauseDetector {
  private static final Logger log = LoggerFactory.getLogger(PauseDetector.class);
  /** A monitor tick this late means the relay itself was held up (GC, a starved host): a pause, not the clients'. */
  static final long PAUSE_AFTER_NANOS = 250_000_000L;

  private final RelayTime time;
  private final Journal journal;
  private final IntSupplier clients;
  private long lastTickNanos; // monitor thread
  private volatile long pauseEndNanos;

  PauseDetector(RelayTime time, Journal journal, IntSupplier clients) {
    this.time = time;
    this.journal = journal;
    this.clients = clients;
  }

  /** A monitor tick, due {@code tickNanos} after the last one. */
  void tick(long tickNanos) {
    long now = time.nanos();
    long last = lastTickNanos;
    lastTickNanos = now;
    if (last == 0 || now - last < tickNanos + PAUSE_AFTER_NANOS) return;
    long pausedNanos = now - last - tickNanos;
    pauseEndNanos = now;
    long end = time.millis();
    journal.append(FactKind.RELAY_PAUSED, "relay", Map.of("paused_ms", pausedNanos / 1e6, "since_ms",
        end - pausedNanos / 1_000_000, "clients", clients.getAsInt()));
    log.warn("the relay was held up for {} ms (monitor tick late): no client is blamed for it", pausedNanos / 1_000_000);
  }

  /** When the last pause ended (0 if none yet). */
  long lastEndNanos() {
    return pauseEndNanos;
  }
}
