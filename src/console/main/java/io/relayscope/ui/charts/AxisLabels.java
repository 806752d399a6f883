package io.relayscope.ui.charts;

import io.relayscope.ui.fx.Format;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Tick labels for the value axes. Unlike {@link Format}, which rounds for tables, these keep the
 * decimals a tick has (12.5 stays 12.5, never 13) and drop the ones it lacks (5, not 5.00).
 */
final class AxisLabels {
  private AxisLabels() {}

  /**
   * A tick of an axis whose ticks are {@code step} apart, with the decimals the step needs: every
   * tick of one axis the same shape (0.0 0.5 1.0, not 0 0.5 1).
   */
  static String stepped(double v, double step) {
    int decimals = step <= 0 ? 0 : Math.max(0, Math.min(3, BigDecimal.valueOf(step).stripTrailingZeros().scale()));
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  static String millis(double ms) {
    if (ms == 0) return "0";
    if (Math.abs(ms) >= 1000) return plain(ms / 1000) + " s";
    if (Math.abs(ms) < 1) return plain(ms * 1000) + " µs";
    return plain(ms) + " ms";
  }

  static String bytes(double b) {
    if (b == 0) return "0";
    if (Math.abs(b) >= 1024 * 1024) return plain(b / (1024 * 1024)) + " MiB";
    if (Math.abs(b) >= 1024) return plain(b / 1024) + " KiB";
    return plain(b) + " B";
  }

  /** At most two decimals, none trailing. */
  private static String plain(double v) {
    return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
