package io.relayscope.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A nanosecond distribution recorded wait-free by any thread and summarised on demand. Readers
 * fold the recorder's interval histogram into a running total under this object's own lock, so
 * they never hold up a writer.
 */
public final class CumulativeRecorder {
  private final Recorder recorder = new Recorder(3);
  private final Histogram total = new Histogram(3);
  private Histogram interval;
  private volatile long last;

  public void record(long nanos) {
    long v = Math.max(0, nanos);
    last = v;
    recorder.recordValue(v);
  }

  public long last() {
    return last;
  }

  public synchronized LatencySummary summary() {
    interval = recorder.getIntervalHistogram(interval);
    total.add(interval);
    return LatencySummary.of(total, last);
  }
}
