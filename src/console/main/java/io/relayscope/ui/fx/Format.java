package io.relayscope.ui.fx;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
    if (ms < 1) return decimal(ms * 1000, 0) + " µs";
    if (ms < 10) return decimal(ms, 2) + " ms";
    if (ms < 1000) return decimal(ms, 0) + " ms";
    if (ms < 60_000) return decimal(ms / 1000, 1) + " s";
    return duration((long) ms);
  }

  /** Whole seconds and up: {@code 42 s}, {@code 3 m 05 s}, {@code 2 h 07 m}. */
  public static String duration(long ms) {
    long s = ms / 1000;
    if (s < 60) return s + " s";
    if (s < 3600) return s / 60 + " m " + twoDigits(s % 60) + " s";
    return s / 3600 + " h " + twoDigits((s % 3600) / 60) + " m";
  }

  private static String twoDigits(long n) {
    return n < 10 ? "0" + n : Long.toString(n);
  }

  public static String bytes(long b) {
    if (b < 1024) return b + " B";
    if (b < 1024 * 1024) return decimal(b / 1024.0, 1) + " KiB";
    if (b < 1024L * 1024 * 1024) return decimal(b / (1024.0 * 1024), 1) + " MiB";
    return decimal(b / (1024.0 * 1024 * 1024), 2) + " GiB";
  }

  /** With thousands separators: {@code 12,345}. */
  public static String count(long n) {
    return grouped(Long.toString(n));
  }

  /** Per second, always one decimal: a rate that moves around 2 or 10 reads 1.9, 2.0, 10.0, never 2 / 2.0 / 10. */
  public static String rate(double perSecond) {
    return grouped(decimal(perSecond, 1));
  }

  /*
   * What String.format's %.Nf and %,d write (Locale.ROOT: the shortest decimal of the double, half
   * up), without a Formatter: the table's cells and the status bar write dozens of figures a second,
   * and each Formatter parsed its pattern and looked up the locale's symbols again (some 6 % of an
   * idle console's FX thread in a profile). FormatTest holds them to String.format's text.
   */

  /** {@code v} with {@code places} decimals, rounded half up like %.Nf. */
  static String decimal(double v, int places) {
    if (Double.isNaN(v) || Double.isInfinite(v)) return String.format(Locale.ROOT, "%." + places + "f", v);
    return new BigDecimal(Double.toString(v)).setScale(places, RoundingMode.HALF_UP).toPlainString();
  }

  /** {@code plain} (digits, an optional sign and decimals) with a comma every three integer digits. */
  private static String grouped(String plain) {
    int start = plain.startsWith("-") ? 1 : 0;
    int point = plain.indexOf('.');
    int end = point < 0 ? plain.length() : point;
    if (end - start <= 3) return plain;
    var out = new StringBuilder(plain.length() + (end - start) / 3);
    out.append(plain, 0, start);
    for (int i = start; i < end; i++) {
      if (i > start && (end - i) % 3 == 0) out.append(',');
      out.append(plain.charAt(i));
    }
    return out.append(plain, end, plain.length()).toString();
  }
}
