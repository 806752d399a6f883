package io.relayscope.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.cli.RelayscopeMain;
import io.relayscope.journal.JournalReader;
import io.relayscope.support.OldJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports, figures and CLI help speak the console's words — OPEN, LAGGING, NOT READING, evicted
 * (4008), closed by keepalive (4009), disconnected (4010) — also for a journal written with the old
 * kind names.
 */
class ExportVocabularyTest {
  /** Words the console never uses for a client's state (the core's export tests check them too). */
  static final String OLD_WORDS = ExportVocabulary.OLD_WORDS;

  @TempDir Path tmp;

  @Test
  void aReportOfAnOldJournalSaysLaggingAndNotReading() throws Exception {
    Path dir = tmp.resolve("journal");
    OldJournal.write(dir);
    Path md = tmp.resolve("report.md");
    assertThat(RelayscopeMain.run("export", "--journal-dir", dir.toString(), "--all", "--format", "md", "-o", md.toString())).isZero();
    String report = Files.readString(md);
    assertThat(report).doesNotContainPattern(OLD_WORDS)
        .contains("LAGGING: ").contains("NOT READING: ")
        .contains("evicted (4008)").contains("closed by keepalive (4009)").contains("disconnected (4010)")
        .containsPattern("client c4 NOT READING: .*3 frames")
        .containsPattern("client c4 LAGGING: .*3 frames");
  }

  @Test
  void theFigureAndTheIncidentListUseTheSameWords() throws Exception {
    Path dir = tmp.resolve("journal");
    OldJournal.write(dir);
    var facts = JournalReader.read(dir, 0, Long.MAX_VALUE).plain();
    var analysis = IncidentAnalysis.of(facts, 0, Long.MAX_VALUE);
    assertThat(String.join(" ", IncidentFigure.legendLabels())).contains("LAGGING", "NOT READING", "evicted (4008)",
        "closed by keepalive (4009)").doesNotContainPattern(OLD_WORDS);
    assertThat(IncidentFigure.headline(analysis)).doesNotContainPattern(OLD_WORDS);
    assertThat(Incidents.find(facts)).singleElement().satisfies(w -> assertThat(w.what()).doesNotContainPattern(OLD_WORDS)
        .contains("LAGGING or NOT READING"));
  }

  @Test
  void cliHelpSaysNotReading() {
    assertThat(help("--help")).contains("NOT READING").doesNotContainPattern(OLD_WORDS);
    assertThat(help("slow-client", "--help")).doesNotContainPattern(OLD_WORDS);
  }

  private static String help(String... args) {
    var out = new java.io.StringWriter();
    var cmd = RelayscopeMain.commandLine();
    cmd.setOut(new java.io.PrintWriter(out, true));
    cmd.execute(args);
    return out.toString();
  }
}
