package io.relayscope.ui.timeline;

import io.relayscope.export.IncidentExport;
import io.relayscope.export.JsonExport;
import io.relayscope.journal.JournalReader;
import io.relayscope.journal.JournalReader.Loaded.RunFact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The timeline's file work, all on the I/O executor: opening a journal or an exported file for
 * offline review, and writing an export through the same call as {@code relayscope export}.
 * Futures complete with the exception itself when the work fails, for the operator to read.
 */
final class TimelineActions {
  /** What an offline load read: its facts, and what the reader warned of ("" when nothing). */
  record Loaded(List<RunFact> facts, String warnings) {}

  /** What an export wrote: its facts, and whether the journal on disk held everything recorded when it was asked for. */
  record Exported(int facts, boolean complete) {}

  /** How long a live export waits for the journal writer (it saves every 100 ms; a hung disk must not hang the export). */
  static final long SAVE_WAIT_MILLIS = 5_000;

  private final Executor io;
  /** The live relay's journal on disk (null: it keeps none): what a live export reads, as the command line does. */
  private final Path liveJournal;
  private final JournalSaved journalSaved;

  TimelineActions(Executor io, Path liveJournal, JournalSaved journalSaved) {
    this.io = io;
    this.liveJournal = liveJournal;
    this.journalSaved = journalSaved;
  }

  /** Whether a live export reads the relay's journal on disk (the ring shown may have let older facts go). */
  boolean exportsFromJournal() {
    return liveJournal != null && Files.isDirectory(liveJournal);
  }

  /** Reads a journal directory, a journal file or an exported JSON file. */
  CompletableFuture<Loaded> load(Path path) {
    return run(() -> {
      if (Files.isRegularFile(path) && path.toString().endsWith(".json")) return new Loaded(JsonExport.read(path), "");
      var loaded = JournalReader.read(path, Long.MIN_VALUE, Long.MAX_VALUE);
      return new Loaded(loaded.facts(), String.join("; ", loaded.warnings()));
    });
  }

  /**
   * Writes {@code window} of {@code facts} (null: of the live journal on disk) to {@code file},
   * closed at the last fact as the command line closes it; completes with the facts written.
   */
  CompletableFuture<Exported> export(IncidentExport.Format format, Path file, long[] window, List<RunFact> facts) {
    return run(() -> {
      boolean complete = true;
      if (facts == null) {
        try {
          complete = journalSaved.await(SAVE_WAIT_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the journal to be saved", e);
        }
      }
      var export = IncidentExport.closed(facts != null ? facts : JournalReader.read(liveJournal, Long.MIN_VALUE, Long.MAX_VALUE).facts(),
          window[0], window[1]);
      Files.deleteIfExists(file);
      export.write(format, file);
      return new Exported(export.windowFacts().size(), complete);
    });
  }

  @FunctionalInterface
  private interface Work<T> {
    T call() throws IOException;
  }

  private <T> CompletableFuture<T> run(Work<T> work) {
    var done = new CompletableFuture<T>();
    io.execute(() -> {
      try {
        done.complete(work.call());
      } catch (IOException | RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    return done;
  }
}
