package io.relayscope.cli;

import io.relayscope.export.IncidentExport.Format;
import io.relayscope.export.IncidentExport;
import io.relayscope.export.Incidents;
import io.relayscope.journal.JournalFiles;
import io.relayscope.journal.JournalReader.Loaded.RunFact;
import io.relayscope.journal.JournalReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The incident report, headless: by default the journal's last incident, else a window or
 * everything, as Markdown, JSON, CSV or a PNG figure — written to a file named for its window unless
 * {@code -o -} asks for standard output.
 */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
    description = {"Export an incident from the journal: a report (md), its facts (json, csv) or its figure (png).",
        "Without --from/--to/--all: the last incident in the journal."})
final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--journal-dir", paramLabel = "DIR", description = "Journal directory, or one journal file (default: the relay's default).")
  Path journalDir;

  @Option(names = "--from", converter = TimeConverter.class, paramLabel = "TIME", description = "Window start (default with --to: the journal's start).")
  Long from;

  @Option(names = "--to", converter = TimeConverter.class, paramLabel = "TIME",
      description = "Window end (default with --from, or past the journal's end: its last fact).")
  Long to;

  @Option(names = "--all", description = "Export the whole journal.")
  boolean all;

  @Option(names = "--format", defaultValue = "md", description = "md, json, csv or png (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write here ('-' for standard output). Default: relayscope-incident-<start>-<end>.<format> in the current directory, never overwriting.")
  Path output;

  @Option(names = "--output-dir", paramLabel = "DIR", description = "Where the default-named file goes (default: the current directory).")
  Path outputDir;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (all && (from != null || to != null)) throw new ParameterException(spec.commandLine(), "--all cannot be combined with --from/--to");
    if (from != null && to != null && from >= to) throw new ParameterException(spec.commandLine(), "--from must be before --to");
    Path dir = journalDir != null ? journalDir : JournalFiles.defaultDir();
    JournalReader.Loaded loaded;
    try {
      // Whole runs, not just the window: a client's delivery is judged over its whole life.
      loaded = JournalReader.read(dir, Long.MIN_VALUE, Long.MAX_VALUE);
    } catch (IOException e) {
      err.println("relayscope export: " + e.getMessage());
      return 1;
    }
    loaded.warnings().forEach(w -> err.println("relayscope export: warning: " + w));
    List<RunFact> facts = loaded.facts();
    long first = facts.isEmpty() ? System.currentTimeMillis() : facts.get(0).fact().atMillis();
    long last = facts.isEmpty() ? first : facts.get(facts.size() - 1).fact().atMillis();
    long fromMillis;
    long toMillis;
    if (all) {
      fromMillis = first;
      toMillis = last + 1;
      err.println("relayscope export: the whole journal, " + instant(fromMillis) + " to " + instant(toMillis));
    } else if (from != null || to != null) {
      fromMillis = from != null ? from : first;
      toMillis = to != null ? to : last + 1; // a closed window: what the journal holds, nothing after it
      if (fromMillis >= toMillis) throw new ParameterException(spec.commandLine(), "--from must be before --to");
    } else {
      List<Incidents.Window> incidents = Incidents.find(facts.stream().map(RunFact::fact).toList());
      if (incidents.isEmpty()) {
        err.println("relayscope export: no incident in " + dir + " (" + facts.size() + " facts"
            + (facts.isEmpty() ? "" : ", " + instant(first) + " to " + instant(last)) + "); --all exports everything, --from/--to a window");
        return 1;
      }
      Incidents.Window w = incidents.get(incidents.size() - 1);
      fromMillis = w.fromMillis();
      toMillis = w.toMillis(); // closed: Incidents ends it at the incident's own last fact while its margin is still to come
      err.println("relayscope export: the last incident (" + incidents.size() + " in the journal), " + instant(fromMillis) + " to "
          + instant(toMillis) + ": " + w.what() + "; --all for the whole journal");
    }
    // The console's Timeline exports through the same call: the same window gives the same bytes.
    var export = IncidentExport.closed(facts, fromMillis, toMillis);
    try {
      if (output != null && output.toString().equals("-")) {
        var out = new ByteArrayOutputStream();
        export.write(format, out);
        if (format == Format.png) {
          System.out.write(out.toByteArray());
          System.out.flush();
        } else {
          spec.commandLine().getOut().print(out.toString(StandardCharsets.UTF_8));
          spec.commandLine().getOut().flush();
        }
        return 0;
      }
      Path written;
      if (output == null) {
        written = export.writeNew(format, outputDir != null ? outputDir : Path.of("").toAbsolutePath(),
            IncidentExport.defaultName(export.fromMillis(), export.toMillis(), format));
      } else {
        Files.deleteIfExists(output); // named explicitly: replace it
        export.write(format, output);
        written = output;
      }
      err.println("wrote " + written + " (" + export.windowFacts().size() + " facts)");
    } catch (IOException e) {
      err.println("relayscope export: " + e.getMessage());
      return 1;
    }
    return 0;
  }

  private static String instant(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
