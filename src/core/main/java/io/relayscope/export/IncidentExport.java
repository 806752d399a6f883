package io.relayscope.export;

import io.relayscope.journal.JournalFact;
import io.relayscope.journal.JournalReader.Loaded.RunFact;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Every export, for the console and the command line alike: one analysis of the window, written as
 * a report (md), the window's facts (json, csv) or the figure (png). Given every fact loaded (the
 * analysis needs the whole runs around the window); the window picks what is reported.
 */
public final class IncidentExport {
  public enum Format {
    md, json, csv, png
  }

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final List<RunFact> all;
  private final long fromMillis;
  private final long toMillis;
  private IncidentAnalysis analysis;

  public IncidentExport(List<RunFact> all, long fromMillis, long toMillis) {
    this.all = all;
    this.fromMillis = fromMillis;
    this.toMillis = toMillis;
  }

  /**
   * The one way in for the console and the command line: the journal's facts (every fact loaded; the
   * analysis needs the runs around the window) and a window, closed at the journal's last fact — a
   * window reaching into the future would read differently a second later.
   */
  public static IncidentExport closed(List<RunFact> journal, long fromMillis, long toMillis) {
    long last = journal.stream().mapToLong(r -> r.fact().atMillis()).max().orElse(fromMillis);
    return new IncidentExport(journal, fromMillis, Math.max(fromMillis + 1, Math.min(toMillis, last + 1)));
  }

  public long fromMillis() {
    return fromMillis;
  }

  public long toMillis() {
    return toMillis;
  }

  /** The analysis behind every format. */
  public IncidentAnalysis analysis() {
    if (analysis == null) analysis = IncidentAnalysis.of(all.stream().map(RunFact::fact).toList(), fromMillis, toMillis);
    return analysis;
  }

  /** The facts of the window, oldest first. */
  public List<RunFact> windowFacts() {
    return all.stream().filter(r -> r.fact().atMillis() >= fromMillis && r.fact().atMillis() < toMillis)
        .sorted(Comparator.comparingLong((RunFact r) -> r.fact().atMillis())).toList();
  }

  /** Writes the export in {@code format} to {@code out}. */
  public void write(Format format, OutputStream out) throws IOException {
    switch (format) {
      case md -> out.write(MarkdownReport.of(analysis()).getBytes(StandardCharsets.UTF_8));
      case json -> out.write(JsonExport.write(windowFacts(), fromMillis, toMillis, analysis()).getBytes(StandardCharsets.UTF_8));
      case csv -> out.write(CsvExport.write(windowFacts()).getBytes(StandardCharsets.UTF_8));
      case png -> {
        if (!ImageIO.write(IncidentFigure.draw(analysis()), "png", out)) throw new IOException("no PNG writer");
      }
    }
    out.flush();
  }

  /** Writes to {@code file}, which must not exist yet: an export never overwrites a file. */
  public void write(Format format, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      write(format, out);
    } catch (IOException e) {
      if (!(e instanceof FileAlreadyExistsException)) Files.deleteIfExists(file);
      throw e;
    }
  }

  /**
   * Writes to {@code dir/name}, or, if that is taken, to the same name with -2, -3 … before the
   * extension. Returns the file written.
   */
  public Path writeNew(Format format, Path dir, String name) throws IOException {
    int dot = name.lastIndexOf('.');
    String stem = dot < 0 ? name : name.substring(0, dot);
    String ext = dot < 0 ? "" : name.substring(dot);
    for (int n = 1; ; n++) {
      Path p = dir.resolve(n == 1 ? name : stem + "-" + n + ext);
      try {
        write(format, p);
        return p;
      } catch (FileAlreadyExistsException taken) {
        // next number
      }
    }
  }

  /** {@code relayscope-incident-<start>-<end>.<ext>}, times in UTC: {@code 20261201T031500Z}. */
  public static String defaultName(long fromMillis, long toMillis, Format format) {
    return "relayscope-incident-" + STAMP.format(Instant.ofEpochMilli(fromMillis)) + "-" + STAMP.format(Instant.ofEpochMilli(toMillis))
        + "." + format.name();
  }

  /** Plain facts, for callers that have them without runs' file names. */
  public static List<RunFact> of(List<JournalFact> facts) {
    return facts.stream().map(RunFact::new).toList();
  }
}
