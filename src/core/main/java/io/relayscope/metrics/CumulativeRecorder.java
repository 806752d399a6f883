package io.relayscope.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntervalHistogramProvider;
import org.HdrHistogram.PackedHistogram;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SingleWriterRecorder;
import org.HdrHistogram.ValueRecorder;

/**
 * A latency distribution recorded wait-free by any thread and summarised on demand. Readers fold the
 * recorder's interval histogram into a running total under this object's own lock, so they never
 * hold up a writer.
 *
 * <p>Values are kept in microseconds with two significant digits (1 % resolution), from 1 µs to
 * one hour. Every client has two of these, so they are packed (HdrHistogram's packed arrays grow
 * with the buckets actually used), and the recorder and the running total exist only once something
 * was recorded (a client that never answers a ping never has an RTT histogram). With flat arrays an
 * idle client cost the relay 171 KB of heap, now 8 KB ({@code ClientMemoryTest}). An unchanged
 * distribution is not summarised again.
 *
 * <p>{@link #forSerialWriters()}: for values recorded by one thread at a time (under a lock the
 * writers share, or on one thread), at half the cost of a record that any thread may make at once
 * (29 against 61 ns here): a frame's send latency is recorded once per client per event.
 */
public final class CumulativeRecorder {
  private static final long MAX_MICROS = 3_600_000_000L;
  private static final int DIGITS = 2;

  private final boolean serialWriters;
  private final Object creation = new Object();
  private volatile ValueRecorder recorder;
  private Histogram total;
  private Histogram interval;
  private LatencySummary last = LatencySummary.EMPTY;
  private volatile long lastNanos;
  /**
   * Set after a value is recorded, cleared by the summary that takes it: an idle client's summary
   * (the console asks for every client's four times a second) then costs no interval flip and copy of
   * its histograms, which was most of an idle console's sampler.
   */
  private volatile boolean unsummarised;

  /** Values recorded by any number of threads at once. */
  public CumulativeRecorder() {
    this(false);
  }

  private CumulativeRecorder(boolean serialWriters) {
    this.serialWriters = serialWriters;
  }

  /** Values recorded by one thread at a time: the writers share a lock, or there is one writer thread. */
  public static CumulativeRecorder forSerialWriters() {
    return new CumulativeRecorder(true);
  }

  public void record(long nanos) {
    long v = Math.max(0, nanos);
    lastNanos = v;
    ValueRecorder r = recorder;
    if (r == null) r = createRecorder();
    r.recordValue(Math.min(MAX_MICROS, Math.max(1, (v + 999) / 1000)));
    if (!unsummarised) unsummarised = true; // after the value: a summary that clears it finds the value
  }

  /** Once per recorder; its own lock, so a writer never waits for a summary in progress. */
  private ValueRecorder createRecorder() {
    synchronized (creation) {
      if (recorder == null) recorder = serialWriters ? new SingleWriterRecorder(DIGITS, true) : new Recorder(DIGITS, true);
      return recorder;
    }
  }

  @SuppressWarnings("unchecked")
  public synchronized LatencySummary summary() {
    ValueRecorder r = recorder;
    if (r == null) {
      return last.lastMs() == lastNanos / 1e6 ? last : (last = last.withLast(lastNanos));
    }
    if (!unsummarised) return last.lastMs() == lastNanos / 1e6 ? last : (last = last.withLast(lastNanos));
    unsummarised = false; // before the flip: a value recorded from now on sets it again
    interval = ((IntervalHistogramProvider<Histogram>) r).getIntervalHistogram(interval);
    long count = total == null ? 0 : total.getTotalCount();
    if (interval.getTotalCount() == 0 && last.count() == count) {
      return last.lastMs() == lastNanos / 1e6 ? last : (last = last.withLast(lastNanos));
    }
    if (total == null) total = new PackedHistogram(1, MAX_MICROS, DIGITS);
    total.add(interval);
    last = LatencySummary.ofMicros(total, lastNanos);
    return last;
  }
}
