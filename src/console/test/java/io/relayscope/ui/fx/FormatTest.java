package io.relayscope.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/** Figures that change every frame keep their shape, so the eye reads the value, not the jitter. */
class FormatTest {
  @Test
  void eventsPerSecondAlwaysHasOneDecimal() {
    // A demo's rate wanders around 2/s and crosses 10/s: every reading has exactly one decimal.
    var shown = DoubleStream.of(0, 1.96, 2, 2.04, 9.96, 10, 10.4, 123.45, 4_321.06).mapToObj(Format::rate).toList();
    assertThat(shown).containsExactly("0.0", "2.0", "2.0", "2.0", "10.0", "10.0", "10.4", "123.5", "4,321.1");
  }

  @Test
  void figuresReadAsStringFormatWroteThem() {
    var values = new ArrayList<Double>(List.of(0.0, 0.004, 0.005, 0.0049, 0.15, 0.25, 1.005, 2.675, 9.995, 9.9951,
        123.45, 999.5, 1_023.96, 59_999.9, 1e7 + 0.05));
    var random = new Random(26);
    for (int i = 0; i < 20_000; i++) values.add(random.nextInt(10_000_000) / Math.pow(10, random.nextInt(6)));
    for (double v : values) {
      for (int places = 0; places <= 2; places++) {
        assertThat(Format.decimal(v, places)).as("%s to %d places", v, places).isEqualTo(String.format(Locale.ROOT, "%." + places + "f", v));
      }
      assertThat(Format.rate(v)).as("rate %s", v).isEqualTo(String.format(Locale.ROOT, "%,.1f", v));
      assertThat(Format.millis(v)).as("millis %s", v).isEqualTo(formatterMillis(v));
    }
    for (long n : new long[] {0, 7, 999, 1_000, 12_345, 999_999, 1_000_000, -1_234_567, Long.MAX_VALUE, Long.MIN_VALUE}) {
      assertThat(Format.count(n)).isEqualTo(String.format(Locale.ROOT, "%,d", n));
    }
    for (long ms : new long[] {0, 999, 59_999, 60_000, 65_000, 3_599_999, 3_600_000, 3_660_000, 7_384_000, 400_000_000_000L}) {
      assertThat(Format.duration(ms)).isEqualTo(formatterDuration(ms));
    }
    for (long b : new long[] {0, 1023, 1024, 1536, 1_048_575, 1_048_576, 5_000_000_000L}) {
      assertThat(Format.bytes(b)).isEqualTo(formatterBytes(b));
    }
  }

  /** Format.millis as it was written with String.format. */
  private static String formatterMillis(double ms) {
    if (ms < 1) return String.format(Locale.ROOT, "%.0f µs", ms * 1000);
    if (ms < 10) return String.format(Locale.ROOT, "%.2f ms", ms);
    if (ms < 1000) return String.format(Locale.ROOT, "%.0f ms", ms);
    if (ms < 60_000) return String.format(Locale.ROOT, "%.1f s", ms / 1000);
    return formatterDuration((long) ms);
  }

  /** Format.duration as it was written with String.format. */
  private static String formatterDuration(long ms) {
    long s = ms / 1000;
    if (s < 60) return s + " s";
    if (s < 3600) return String.format(Locale.ROOT, "%d m %02d s", s / 60, s % 60);
    return String.format(Locale.ROOT, "%d h %02d m", s / 3600, (s % 3600) / 60);
  }

  /** Format.bytes as it was written with String.format. */
  private static String formatterBytes(long b) {
    if (b < 1024) return b + " B";
    if (b < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
    if (b < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
    return String.format(Locale.ROOT, "%.2f GiB", b / (1024.0 * 1024 * 1024));
  }
}
