package io.relayscope.cli;

import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses byte sizes: {@code 65536}, {@code 64KiB}, {@code 8MiB}, {@code 200KB} (KB = 1000). */
final class ByteSizeConverter implements ITypeConverter<Long> {
  private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(b|kb|kib|k|mb|mib|m|gib|gb)?");

  @Override
  public Long convert(String value) {
    var m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new TypeConversionException("'" + value + "' is not a size (use e.g. 65536, 64KiB, 8MiB)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    long factor = switch (unit) {
      case "kb" -> 1000L;
      case "k", "kib" -> 1024L;
      case "mb" -> 1000L * 1000;
      case "m", "mib" -> 1024L * 1024;
      case "gb" -> 1000L * 1000 * 1000;
      case "gib" -> 1024L * 1024 * 1024;
      default -> 1L;
    };
    return Math.multiplyExact(n, factor);
  }
}
