package io.relayscope.bench;

import java.util.Arrays;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * When a run's late deliveries came, summed up: the stretches of sends whose <em>fastest</em> client
 * took over {@link #LATE_NANOS} (so the whole path was held up, not one reader), merged when under
 * {@link #MERGE_NANOS} apart, and the latency of every delivery outside them. On this VM a p99 over
 * seconds is decided by such episodes (one every ~0.5 s, with the kernel's kdamond); outside them
 * the designs can be compared on what they do themselves.
 *
 * @param count episodes in the run
 * @param medianGapMs median time between the starts of consecutive episodes; -1 with fewer than two
 * @param shareInEpisodes the share of deliveries whose event was sent from {@link #BEFORE_NANOS}
 *     before an episode to {@link #AFTER_NANOS} after its last late send
 * @param outsideP50Ms median latency of the other deliveries; -1 if none
 * @param outsideP99Ms their 99th percentile; -1 if none
 */
record StallEpisodes(int count, double medianGapMs, double shareInEpisodes, double outsideP50Ms, double outsideP99Ms) {
  static final long LATE_NANOS = 2_000_000;
  static final long MERGE_NANOS = 50_000_000;
  static final long BEFORE_NANOS = 5_000_000;
  static final long AFTER_NANOS = 30_000_000;

  /** From the first {@code n} deliveries: {@code sent[i]} and {@code received[i]} in nanoseconds. */
  static StallEpisodes of(long[] sent, long[] received, int n) {
    // Events are their send times (every client of one event has the same one); each gets its fastest delivery.
    long[] events = Arrays.copyOf(sent, n);
    Arrays.sort(events);
    int m = 0;
    for (int i = 0; i < n; i++) if (m == 0 || events[i] != events[m - 1]) events[m++] = events[i];
    int[] eventOf = new int[n];
    long[] fastest = new long[m];
    Arrays.fill(fastest, Long.MAX_VALUE);
    for (int i = 0; i < n; i++) {
      int e = eventOf[i] = Arrays.binarySearch(events, 0, m, sent[i]);
      fastest[e] = Math.min(fastest[e], received[i] - sent[i]);
    }
    // Episodes: late sends, merged while under MERGE_NANOS apart; then which events fall near one.
    long[] starts = new long[m];
    long[] ends = new long[m];
    int count = 0;
    for (int e = 0; e < m; e++) {
      if (fastest[e] <= LATE_NANOS) continue;
      if (count > 0 && events[e] - ends[count - 1] < MERGE_NANOS) {
        ends[count - 1] = events[e];
      } else {
        starts[count] = events[e];
        ends[count++] = events[e];
      }
    }
    boolean[] near = new boolean[m];
    for (int k = 0, e = 0; k < count; k++) {
      while (e < m && events[e] < starts[k] - BEFORE_NANOS) e++;
      for (int x = e; x < m && events[x] <= ends[k] + AFTER_NANOS; x++) near[x] = true;
    }
    var outside = new Histogram(3);
    long inside = 0;
    for (int i = 0; i < n; i++) {
      if (near[eventOf[i]]) inside++;
      else outside.recordValue(Math.max(0, received[i] - sent[i]));
    }
    double medianGap = -1;
    if (count > 1) {
      long[] gaps = new long[count - 1];
      for (int k = 1; k < count; k++) gaps[k - 1] = starts[k] - starts[k - 1];
      Arrays.sort(gaps);
      medianGap = gaps[gaps.length / 2] / 1e6;
    }
    boolean any = outside.getTotalCount() > 0;
    return new StallEpisodes(count, medianGap, n == 0 ? 0 : (double) inside / n,
        any ? outside.getValueAtPercentile(50) / 1e6 : -1, any ? outside.getValueAtPercentile(99) / 1e6 : -1);
  }

  /** One line for the benchmark's output. */
  String describe() {
    return String.format(Locale.ROOT, "%d stall episode%s (fastest client over %d ms)%s, %.1f %% of deliveries in or near them;"
        + " outside: p50 %s, p99 %s", count, count == 1 ? "" : "s", LATE_NANOS / 1_000_000,
        medianGapMs < 0 ? "" : String.format(Locale.ROOT, ", one every %.0f ms (median)", medianGapMs), 100 * shareInEpisodes,
        ms(outsideP50Ms), ms(outsideP99Ms));
  }

  private static String ms(double v) {
    return v < 0 ? "—" : String.format(Locale.ROOT, "%.2f ms", v);
  }
}
