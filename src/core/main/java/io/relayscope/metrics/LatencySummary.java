package io.relayscope.metrics;

import org.HdrHistogram.Histogram;

/** A distribution in milliseconds; {@code lastMs} is the latest single value. */
public record LatencySummary(long count, double lastMs, double p50Ms, double p99Ms, double maxMs) {
  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0);

  /** From a histogram of microseconds. */
  static LatencySummary ofMicros(Histogram micros, long lastNanos) {
    if (micros.getTotalCount() == 0) return new LatencySummary(0, lastNanos / 1e6, 0, 0, 0);
    return new LatencySummary(
        micros.getTotalCount(),
        lastNanos / 1e6,
        micros.getValueAtPercentile(50) / 1e3,
        micros.getValueAtPercentile(99) / 1e3,
        micros.getMaxValue() / 1e3);
  }

  LatencySummary withLast(long lastNanos) {
    return new LatencySummary(count, lastNanos / 1e6, p50Ms, p99Ms, maxMs);
  }
}
