package io.relayscope.cli;

import io.relayscope.export.CsvExport;
import io.relayscope.export.IncidentAnalysis;
import io.relayscope.export.JsonExport;
import io.relayscope.export.MarkdownReport;
import io.relayscope.journal.JournalFiles;
import io.relayscope.journal.JournalReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The incident report, headless: a window of the journal as Markdown, JSON or CSV. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
    description = "Export a window of the journal: an incident report (md), or every fact (json, csv).")
final class ExportCommand implements Callable<Integer> {
  enum Format { md, json, csv }

  @Spec CommandSpec spec;

  @Option(names = "--journal-dir", paramLabel = "DIR", description = "Journal directory, or one journal file (default: the relay's default).")
  Path journalDir;

  @Option(names = "--from", converter = TimeConverter.class, paramLabel = "TIME", description = "Window start (default: the journal's start).")
  Long from;

  @Option(names = "--to", converter = TimeConverter.class, paramLabel = "TIME", description = "Window end (default: now).")
  Long to;

  @Option(names = "--format", defaultValue = "md", description = "md, json or csv (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output.")
  Path output;

  @Override
  public Integer call() {
    Path dir = journalDir != null ? journalDir : JournalFiles.defaultDir();
    long fromMillis = from == null ? Long.MIN_VALUE : from;
    long toMillis = to == null ? System.currentTimeMillis() + 1 : to;
    if (fromMillis >= toMillis) throw new ParameterException(spec.commandLine(), "--from must be before --to");
    JournalReader.Loaded loaded;
    try {
      loaded = JournalReader.read(dir, fromMillis, toMillis);
    } catch (IOException e) {
      spec.commandLine().getErr().println("relayscope export: " + e.getMessage());
      return 1;
    }
    loaded.warnings().forEach(w -> spec.commandLine().getErr().println("relayscope export: warning: " + w));
    long start = fromMillis != Long.MIN_VALUE ? fromMillis
        : loaded.facts().isEmpty() ? toMillis : loaded.facts().get(0).fact().atMillis();
    String text;
    try {
      text = switch (format) {
        case md -> MarkdownReport.of(IncidentAnalysis.of(loaded.plain(), start, toMillis));
        case json -> JsonExport.write(loaded.facts(), start, toMillis);
        case csv -> CsvExport.write(loaded.facts());
      };
      if (output == null) {
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
      } else {
        Files.writeString(output, text, StandardCharsets.UTF_8);
        spec.commandLine().getErr().println("wrote " + loaded.facts().size() + " facts to " + output);
      }
    } catch (IOException e) {
      spec.commandLine().getErr().println("relayscope export: " + e.getMessage());
      return 1;
    }
    return 0;
  }
}
