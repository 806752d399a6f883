package io.relayscope.fleet;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the two streams there: someone with the rights may delete one, and JetStream then answers
 * every publish with "no responders", so the events would go nowhere. Every {@link #EVERY_NANOS},
 * or at once when the publisher is failing, it makes sure both exist (recreating a missing one with
 * the node's settings, as at start). A stream it cannot make is a {@link #problem()}: /health 503,
 * a {@code NATS_STREAM_MISSING} fact and an error in the log, never a silent gap.
 */
final class StreamGuard {
  private static final Logger log = LoggerFactory.getLogger(StreamGuard.class);
  static final long EVERY_NANOS = 5_000_000_000L;

  private final NatsLink link;
  private final Duration history;
  private final Journal journal;
  private final LongSupplier nanos;
  private long lastCheck;
  private volatile String problem;

  StreamGuard(NatsLink link, Duration history, Journal journal, LongSupplier nanos) {
    this.link = link;
    this.history = history;
    this.journal = journal;
    this.nanos = nanos;
    this.lastCheck = nanos.getAsLong();
  }

  /** Fleet-facts thread, once a second; {@code failing}: publishes failed since the last call. */
  void tick(boolean failing) {
    long now = nanos.getAsLong();
    if (!link.connected() || (!failing && problem == null && now - lastCheck < EVERY_NANOS)) return;
    lastCheck = now;
    try {
      var created = link.ensureStreams(history);
      for (String stream : created) {
        log.error("JetStream stream {} was missing (deleted?): made it again; events published meanwhile are sent again", stream);
        journal.append(FactKind.NATS_STREAM_MISSING, "nats", Map.of("stream", stream, "recreated", true, "error", ""));
      }
      if (problem != null) log.info("JetStream streams are back");
      problem = null;
    } catch (IOException e) {
      String why = "JetStream streams missing and not made again: " + NatsLink.redacted(e.getMessage());
      if (!why.equals(problem)) {
        log.error("{}: events cannot be stored", why);
        journal.append(FactKind.NATS_STREAM_MISSING, "nats", Map.of("stream", FleetSubjects.EVENTS_STREAM, "recreated", false,
            "error", NatsLink.redacted(e.getMessage())));
      }
      problem = why;
    }
  }

  /** Why the node cannot store events, or null. */
  String problem() {
    return problem;
  }
}
