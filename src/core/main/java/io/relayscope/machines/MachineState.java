package io.relayscope.machines;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What the relay knows of one machine. Field names follow upstream's {@code machine_state} table;
 * {@code lastActivity} uses its text form ({@code YYYY-MM-DD HH:MM:SS}, UTC) so clients that read
 * the table's values read ours the same way. {@code metadata} is upstream's JSON text, or null.
 * {@code lastActivityText} is kept only when it came from upstream's table; otherwise the text is
 * formatted from {@code lastActivityMillis} when asked (not once per event on the hub thread).
 */
public record MachineState(
    String machineName,
    String currentState,
    String lastActivityText,
    long lastActivityMillis,
    String metadata,
    String configType,
    boolean terminated) {

  private static final DateTimeFormatter SQLITE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** {@code last_activity} as upstream's table writes it. */
  public String lastActivity() {
    if (lastActivityText != null) return lastActivityText;
    return lastActivityMillis <= 0 ? null : SQLITE_TIME.format(Instant.ofEpochMilli(lastActivityMillis));
  }
}
