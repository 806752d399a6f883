package io.relayscope.relay;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import io.relayscope.metrics.CumulativeRecorder;
import io.relayscope.metrics.LatencySummary;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one client's sends cost: the send-latency distribution, the figures folded into a SENDS fact
 * once per interval, and the spaced SLOW_SEND facts. Apart from the session's write path so that
 * path says only what was written; this says what it cost. Recorded under the connection's
 * {@link CountingChannel} lock, by whichever thread writes; the interval is taken on the monitor.
 */
final class SendAccounting {
  /** At most one SLOW_SEND fact per client this often; the rest are counted (SENDS's slow_frames). */
  static final long SLOW_SEND_SPACING_NANOS = 100_000_000;

  private final String id;
  private final RelayConfig config;
  private final Journal journal;
  private final CumulativeRecorder sendLatency = CumulativeRecorder.forSerialWriters(); // under the channel lock
  // Folded into SENDS journal facts once per interval by the monitor.
  private final AtomicLong intervalFrames = new AtomicLong();
  private final AtomicLong intervalBytes = new AtomicLong();
  private final AtomicLong intervalMaxLatency = new AtomicLong();
  private final AtomicLong intervalSlowFrames = new AtomicLong();
  // A relay that falls behind makes every send slow: one SLOW_SEND fact per client per spacing, not one
  // per frame (a million facts in 40 s at 1,000 clients, written exactly when the relay has least time).
  // Every slow send is still counted, in SENDS's slow_frames. Under the channel's write lock.
  private long lastSlowFactNanos = Long.MIN_VALUE / 2;
  private long slowUnjournaled;

  SendAccounting(String id, RelayConfig config, Journal journal) {
    this.id = id;
    this.config = config;
    this.journal = journal;
  }

  /** The socket took {@code n} bytes (ours or the library's). */
  void bytes(int n) {
    intervalBytes.addAndGet(n);
  }

  /** A frame's send latency, first thing once it is written whole. */
  void latency(long latency) {
    sendLatency.record(latency);
  }

  /** The same frame counted in the interval, after the session's own figures; a slow one may be journaled. */
  void frame(OutboundFrame frame, long latency, long now) {
    intervalFrames.incrementAndGet();
    intervalMaxLatency.accumulateAndGet(latency, Math::max);
    if (latency > config.softAgeNanos()) slowSend(frame, latency, now);
  }

  private void slowSend(OutboundFrame frame, long latency, long now) {
    intervalSlowFrames.incrementAndGet();
    if (now - lastSlowFactNanos < SLOW_SEND_SPACING_NANOS) {
      slowUnjournaled++;
      return;
    }
    lastSlowFactNanos = now;
    journal.append(FactKind.SLOW_SEND, id, Map.of("latency_ms", latency / 1e6, "bytes", frame.size(), "seq", frame.seq(),
        "unjournaled_before", slowUnjournaled));
    slowUnjournaled = 0;
  }

  /**
   * The send figures accumulated since the last interval taken, reset; null when no frame of ours was
   * written whole, unless {@code last} (the client's end) and anything at all was sent. An interval of
   * probe and keepalive pings alone is not one: its bytes wait for the next (an idle client was a
   * SENDS fact a second each, a thousand a second with a thousand idle clients).
   */
  long[] takeInterval(boolean last) {
    if (!last && intervalFrames.get() == 0) return null;
    long frames = intervalFrames.getAndSet(0);
    long bytes = intervalBytes.getAndSet(0);
    long max = intervalMaxLatency.getAndSet(0);
    long slow = intervalSlowFrames.getAndSet(0);
    return frames == 0 && bytes == 0 ? null : new long[] {frames, bytes, max, slow};
  }

  LatencySummary latencySummary() {
    return sendLatency.summary();
  }
}
