package io.relayscope.metrics;

import org.HdrHistogram.Histogram;

/** A distribution in milliseconds, measured by an HdrHistogram of nanoseconds. */
public record LatencySummary(long count, double lastMs, double p50Ms, double p99Ms, double maxMs) {
  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0);

  public static LatencySummary of(Histogram nanos, long lastNanos) {
    if (nanos.getTotalCount() == 0) return new LatencySummary(0, ms(lastNanos), 0, 0, 0);
    return new LatencySummary(
        nanos.getTotalCount(),
        ms(lastNanos),
        ms(nanos.getValueAtPercentile(50)),
        ms(nanos.getValueAtPercentile(99)),
        ms(nanos.getMaxValue()));
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }
}
