package io.relayscope.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A point in time, as epoch milliseconds: {@code 2026-11-25T20:00:00Z}, {@code 2026-11-25 20:00:00}
 * (local), {@code 20:00} or {@code 20:00:05} (today, local), or epoch seconds {@code 1795635000.5}.
 */
final class TimeConverter implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    String v = value.trim();
    try {
      if (v.matches("\\d{9,11}(\\.\\d+)?")) return Math.round(Double.parseDouble(v) * 1000);
      if (v.matches("\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d+)?)?")) {
        return LocalDateTime.of(LocalDate.now(), LocalTime.parse(v.length() == 4 ? "0" + v : v))
            .atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
      }
      String iso = v.replace(' ', 'T');
      try {
        return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        try {
          return Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException e2) {
          return LocalDateTime.parse(iso).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        }
      }
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a time (use 2026-11-25T20:00:00Z, '2026-11-25 20:00:00', 20:00:05 or epoch seconds)");
    }
  }
}
