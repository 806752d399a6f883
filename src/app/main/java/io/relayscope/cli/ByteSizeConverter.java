package io.relayscope.cli;

import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses byte sizes: {@code 65536}, {@code 256B}, {@code 64KiB}, {@code 8MiB}, {@code 200KB}. Units are
 * binary whichever way they are spelt (KB = KiB = K = 1024, MB = MiB = 1024²), as most operators read
 * them, so {@code 200KB} here is {@code CoreConfig.DEFAULT_MAX_EVENT_BYTES} (204,800 bytes).
 */
final class ByteSizeConverter implements ITypeConverter<Long> {
  private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(b|kb|kib|k|mb|mib|m|gib|gb)?");

  @Override
  public Long convert(String value) {
    var m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new TypeConversionException("'" + value + "' is not a size (use e.g. 65536, 64KiB, 8MiB)");
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is too large a size");
    }
    String unit = m.group(2) == null ? "b" : m.group(2);
    long factor = switch (unit) {
      case "k", "kb", "kib" -> 1024L;
      case "m", "mb", "mib" -> 1024L * 1024;
      case "gb", "gib" -> 1024L * 1024 * 1024;
      default -> 1L;
    };
    try {
      return Math.multiplyExact(n, factor);
    } catch (ArithmeticException e) {
      throw new TypeConversionException("'" + value + "' is too large a size");
    }
  }
}
