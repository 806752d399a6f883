package io.relayscope.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads journal files back. A line that is not a whole fact — typically the last one, torn by a
 * crash mid-write — is skipped and reported as a warning, never fatal.
 */
public final class JournalReader {
  /** The facts read (oldest first), their runs, and what was skipped. */
  public record Loaded(List<Loaded.RunFact> facts, List<String> warnings, List<Path> files) {
    /** A fact with the id of the run it belongs to (fact ids restart with each run). */
    public record RunFact(String run, JournalFact fact) {
      public RunFact(JournalFact fact) {
        this(fact.run().id(), fact);
      }
    }

    public List<JournalFact> plain() {
      return facts.stream().map(RunFact::fact).toList();
    }
  }

  private JournalReader() {}

  /** Every fact in a journal directory (or one file) with {@code from <= at < to} (epoch ms). */
  public static Loaded read(Path dirOrFile, long fromMillis, long toMillis) throws IOException {
    List<Path> files = Files.isDirectory(dirOrFile) ? JournalFiles.list(dirOrFile) : List.of(dirOrFile);
    if (!Files.exists(dirOrFile)) throw new IOException("no journal at " + dirOrFile);
    var facts = new ArrayList<Loaded.RunFact>();
    var warnings = new ArrayList<String>();
    for (Path file : files) {
      // Lines written before runs were recorded take their file's run (its start time as id).
      RelayRun fileRun = new RelayRun(JournalFiles.runOf(file), JournalFiles.startOf(file));
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.isBlank()) continue;
        try {
          JournalFact f = FactCodec.decode(line);
          if (!f.run().known()) f = f.withRun(fileRun);
          if (f.atMillis() >= fromMillis && f.atMillis() < toMillis) facts.add(new Loaded.RunFact(f));
        } catch (IllegalArgumentException e) {
          boolean last = i == lines.size() - 1;
          warnings.add(file.getFileName() + ":" + (i + 1) + ": skipped " + (last ? "a torn last line" : "a bad line")
              + " (" + e.getMessage() + ")");
        }
      }
    }
    facts.sort(Comparator.comparing((Loaded.RunFact r) -> r.fact().atMillis()).thenComparing(Loaded.RunFact::run)
        .thenComparingLong(r -> r.fact().id()));
    return new Loaded(facts, warnings, files);
  }
}
