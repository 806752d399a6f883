package io.relayscope.relay;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import io.relayscope.metrics.ClientStats;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slow clients are evicted, so they never hold up the others: one over its queue cap at once (found
 * by whoever queued to it), one past its send deadline at the monitor's next tick.
 */
final class SlowClientMonitor implements ClientSession.OverCapHandler {
  private static final Logger log = LoggerFactory.getLogger(SlowClientMonitor.class);

  private final ClientSessions sessions;
  private final EventHub hub;
  private final ClientCloser closer;
  private final PauseDetector pauses;
  private final RelayMonitor monitor;
  private final RelayConfig config;
  private final Journal journal;
  private final RelayTime time;
  private final AtomicLong evictions = new AtomicLong();
  private volatile long lastEvictionMillis = -1;

  SlowClientMonitor(ClientSessions sessions, EventHub hub, ClientCloser closer, PauseDetector pauses,
      RelayMonitor monitor, RelayConfig config, Journal journal, RelayTime time) {
    this.sessions = sessions;
    this.hub = hub;
    this.closer = closer;
    this.pauses = pauses;
    this.monitor = monitor;
    this.config = config;
    this.journal = journal;
    this.time = time;
  }

  /** Said of an eviction whose evidence shows the client had read everything: the queue was the relay's. */
  static final String RELAY_BEHIND = "the relay fell behind: the client had read all it was sent";

  /**
   * Hub (or any producer) found a client over its cap: stop feeding it now, close it off-thread. Whose
   * fault is judged there, on the monitor thread that keeps the evidence: a relay that fell behind
   * fills a queue just as a client that stopped reading does (a console still compiling at start-up
   * evicted two readers that had kept up this way, recorded as theirs).
   */
  @Override
  public void overCap(ClientSession session, long bytes, int frames) {
    String figures = String.format("(%d bytes, %d frames; cap %d bytes, %d frames)", bytes, frames,
        config.clientQueueBytes(), config.clientQueueFrames());
    if (session.beginClose(CloseCodes.SLOW_CLIENT_EVICTED, "send queue over cap " + figures)) {
      monitor.execute(() -> {
        boolean relayBehind = session.readEverything(time.nanos(), pauses.lastEndNanos());
        String reason = relayBehind ? "send queue over cap; " + RELAY_BEHIND + " " + figures : "send queue over cap " + figures;
        if (relayBehind) session.amendCloseReason(reason);
        finishEviction(session, reason, relayBehind);
      });
    }
  }

  /** Evicts every client whose oldest frame is past the send deadline (the monitor thread). */
  void checkDeadlines() {
    long now = time.nanos();
    long pauseEnd = pauses.lastEndNanos();
    for (ClientSession s : sessions.all()) {
      var verdict = s.assess(now, pauseEnd);
      if (verdict.evicts()) {
        boolean relayBehind = verdict == ClientAssessment.Verdict.EVICT_RELAY_BEHIND;
        String reason = String.format("send deadline passed: frame unwritten for %.2f s (send timeout %.2f s)%s",
            Math.min(s.oldestAgeNanos(now), now - pauseEnd) / 1e9, config.sendTimeout().toMillis() / 1000.0,
            relayBehind ? "; " + RELAY_BEHIND : "");
        if (s.beginClose(CloseCodes.SLOW_CLIENT_EVICTED, reason)) finishEviction(s, reason, relayBehind);
      }
    }
  }

  private void finishEviction(ClientSession session, String reason, boolean relayBehind) {
    ClientStats before = session.stats(hub.lastSeq());
    int dropped = session.dropBacklog();
    // The time first: whoever sees the new count then also sees its time.
    lastEvictionMillis = time.millis();
    evictions.incrementAndGet();
    journal.append(FactKind.CLIENT_EVICTED, session.id(),
        Map.of("reason", reason, "dropped_frames", dropped, "queue_bytes", before.queueBytes(),
            "oldest_ms", before.oldestQueuedAgeMs(), "last_seq", before.lastSeqSent(), "relay_behind", relayBehind));
    log.warn("evicted client {} ({}): {}", session.id(), before.remoteAddress(), reason);
    closer.closeConnection(session, CloseCodes.SLOW_CLIENT_EVICTED, reason);
  }

  long evictions() {
    return evictions.get();
  }

  /** When the last eviction was (-1 if none yet). */
  long lastEvictionMillis() {
    return lastEvictionMillis;
  }
}
