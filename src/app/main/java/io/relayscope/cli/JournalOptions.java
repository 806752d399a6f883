package io.relayscope.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the journal goes and how much of it is kept. */
final class JournalOptions {
  @Option(names = "--journal-dir", order = 36, paramLabel = "DIR",
      description = "Where the journal is written (default: $XDG_DATA_HOME/relayscope/journal or ~/.local/share/relayscope/journal).")
  Path journalDir;

  @Option(names = "--no-journal", order = 37, description = "Keep the journal in memory only; write nothing to disk.")
  boolean noJournal;

  @Option(names = "--journal-file-size", order = 38, defaultValue = "64MiB", converter = ByteSizeConverter.class,
      description = "Rotate journal files at this size (default: ${DEFAULT-VALUE}).")
  long journalFileSize;

  @Option(names = "--journal-files", order = 39, defaultValue = "8", description = "Journal files kept (default: ${DEFAULT-VALUE}).")
  int journalFiles;
}
