package io.relayscope.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A latency distribution recorded wait-free by any thread and summarised on demand. Readers fold the
 * recorder's interval histogram into a running total under this object's own lock, so they never
 * hold up a writer.
 *
 * <p>Values are kept in microseconds with two significant digits (1 % resolution), from 1 µs to
 * one hour: a summary scans a few thousand buckets instead of tens of thousands, which matters
 * when the console summarises a thousand clients ten times a second. An unchanged distribution is
 * not summarised again.
 */
public final class CumulativeRecorder {
  private static final long MAX_MICROS = 3_600_000_000L;

  private final Recorder recorder = new Recorder(1, MAX_MICROS, 2);
  private final Histogram total = new Histogram(1, MAX_MICROS, 2);
  private Histogram interval;
  private LatencySummary last = LatencySummary.EMPTY;
  private volatile long lastNanos;

  public void record(long nanos) {
    long v = Math.max(0, nanos);
    lastNanos = v;
    recorder.recordValue(Math.min(MAX_MICROS, Math.max(1, (v + 999) / 1000)));
  }

  public long last() {
    return lastNanos;
  }

  public synchronized LatencySummary summary() {
    interval = recorder.getIntervalHistogram(interval);
    if (interval.getTotalCount() == 0 && last.count() == total.getTotalCount()) {
      return last.lastMs() == lastNanos / 1e6 ? last : (last = last.withLast(lastNanos));
    }
    total.add(interval);
    last = LatencySummary.ofMicros(total, lastNanos);
    return last;
  }
}
