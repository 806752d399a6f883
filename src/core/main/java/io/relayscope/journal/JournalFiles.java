package io.relayscope.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where journal files live and how they are named: {@code journal-<run>-<n>.jsonl}, where {@code run}
 * is the relay's start time ({@code yyyyMMdd-HHmmss-SSS}) and {@code n} counts rotations. Names sort
 * in time order.
 */
public final class JournalFiles {
  static final Pattern NAME = Pattern.compile("journal-(\\d{8}-\\d{6}-\\d{3})-(\\d{4})\\.jsonl");

  private JournalFiles() {}

  /** {@code $XDG_DATA_HOME/relayscope/journal}, or {@code ~/.local/share/relayscope/journal}. */
  public static Path defaultDir() {
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("relayscope").resolve("journal");
  }

  static String name(String run, int n) {
    return String.format("journal-%s-%04d.jsonl", run, n);
  }

  /** Journal files in {@code dir}, oldest first. */
  public static List<Path> list(Path dir) throws IOException {
    var out = new ArrayList<Path>();
    if (!Files.isDirectory(dir)) return out;
    try (var files = Files.list(dir)) {
      files.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(out::add);
    }
    out.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return out;
  }

  /** When the run a file belongs to started, by its name (0 if the name does not say). */
  public static long startOf(Path file) {
    String run = runOf(file);
    if (run.isEmpty()) return 0;
    return LocalDateTime.parse(run, DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"))
        .atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
  }

  /** The run a file belongs to. */
  public static String runOf(Path file) {
    var m = NAME.matcher(file.getFileName().toString());
    return m.matches() ? m.group(1) : "";
  }
}
