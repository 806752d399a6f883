package io.relayscope.ui.fx;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the console writes numbers, sizes, durations and times. */
public final class Format {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  private static final DateTimeFormatter TIME_MS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  private Format() {}

  public static String time(long epochMillis) {
    return epochMillis <= 0 ? "—" : TIME.format(Instant.ofEpochMilli(epochMillis));
  }

  public static String timeMillis(long epochMillis) {
    return epochMillis <= 0 ? "—" : TIME_MS.format(Instant.ofEpochMilli(epochMillis));
  }

  /** A duration in milliseconds, in the unit that reads best. */
  public static String millis(double ms) {
    if (ms < 0) return "—";
    if (ms < 1) return String.format(Locale.ROOT, "%.0f µs", ms * 1000);
    if (ms < 10) return String.format(Locale.ROOT, "%.2f ms", ms);
    if (ms < 1000) return String.format(Locale.ROOT, "%.0f ms", ms);
    if (ms < 60_000) return String.format(Locale.ROOT, "%.1f s", ms / 1000);
    return duration((long) ms);
  }

  /** Whole seconds and up: {@code 42 s}, {@code 3 m 05 s}, {@code 2 h 07 m}. */
  public static String duration(long ms) {
    long s = ms / 1000;
    if (s < 60) return s + " s";
    if (s < 3600) return String.format(Locale.ROOT, "%d m %02d s", s / 60, s % 60);
    return String.format(Locale.ROOT, "%d h %02d m", s / 3600, (s % 3600) / 60);
  }

  public static String bytes(long b) {
    if (b < 1024) return b + " B";
    if (b < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    if (b < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
    return String.format(Locale.ROOT, "%.2f GiB", b / (1024.0 * 1024 * 1024));
  }

  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Per second, always one decimal: a rate that moves around 2 or 10 reads 1.9, 2.0, 10.0, never 2 / 2.0 / 10. */
  public static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,.1f", perSecond);
  }
}
