package io.relayscope.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.cli.RelayscopeMain;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import io.relayscope.journal.JournalWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal of 150,000 debug activity logs around one eviction, written by the JournalWriter: the
 * report folds them into a count, and a bare {@code export} prints nothing to the terminal.
 */
class LargeJournalExportTest {
  @TempDir Path tmp;

  @Test
  void aBusyJournalGivesAShortReportAndNothingOnTheTerminal() throws Exception {
    Path dir = tmp.resolve("journal");
    var journal = new Journal(200_000);
    var writer = new JournalWriter(journal, dir, 64L * 1024 * 1024, 8);
    writer.start();
    journal.append(FactKind.RELAY_STARTED, "relay", Map.of("endpoint", "ws://127.0.0.1:3002/ws/events"));
    journal.append(FactKind.CLIENT_CONNECTED, "c1", Map.of("remote", "127.0.0.1:5000", "user_agent", "x"));
    for (int i = 1; i <= 150_000; i++) {
      journal.append(FactKind.EVENT_RECEIVED, "face_processor", Map.of("seq", (long) i, "type", "activity_log", "bytes", 120L,
          "source", "datagram", "summary", "[debug] step " + i, "machine", "face_processor"));
      if (i == 149_000) journal.append(FactKind.CLIENT_NOT_READING, "c1", Map.of("from", "OPEN", "queue_bytes", 9000L, "queue_frames", 40L, "oldest_ms", 600.0));
    }
    journal.append(FactKind.CLIENT_EVICTED, "c1", Map.of("reason", "send deadline passed", "dropped_frames", 40L, "queue_bytes", 9000L, "oldest_ms", 2001.0));
    journal.append(FactKind.CLIENT_CLOSED, "c1", Map.of("code", 4008L, "reason", "send deadline passed", "by_client", false,
        "frames_sent", 149_960L, "dropped", 41L, "last_seq", 149_959L, "from_seq", 0L));
    journal.append(FactKind.RELAY_STOPPED, "relay", Map.of());
    // Saved by its own thread first: close() while that thread is still busy races it (seen and left to the writer's owner).
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120)).until(() -> writer.status().written() == journal.appended());
    writer.close();
    String keep = System.getenv("RELAYSCOPE_KEEP_LARGE_JOURNAL"); // for measuring exports by hand
    if (keep != null) {
      Files.createDirectories(Path.of(keep));
      try (var files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files::iterator) Files.copy(p, Path.of(keep).resolve(p.getFileName()));
      }
    }

    Path out = Files.createDirectories(tmp.resolve("out"));
    var stdout = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    try {
      assertThat(RelayscopeMain.run("export", "--journal-dir", dir.toString(), "--output-dir", out.toString())).isZero();
    } finally {
      System.setOut(old);
    }
    assertThat(stdout.size()).isZero();
    Path md;
    try (var files = Files.list(out)) {
      md = files.findFirst().orElseThrow();
    }
    String report = Files.readString(md);
    assertThat(report.lines().count()).isLessThan(200);
    assertThat(report).contains("**Clients lost**: 1 (c1)").contains("**Events queued and dropped with evicted clients**: 41")
        .contains("**Messages lost**: 41 (0 inputs not taken in, 41 events missed by clients)")
        .containsPattern("Folded: \\d+ debug activity logs");
    // Even the whole journal as a report stays readable: the debug rows are a count.
    var all = new ByteArrayOutputStream();
    new IncidentExport(io.relayscope.journal.JournalReader.read(dir, Long.MIN_VALUE, Long.MAX_VALUE).facts(), Long.MIN_VALUE + 1,
        Long.MAX_VALUE).write(IncidentExport.Format.md, all);
    assertThat(all.toString(StandardCharsets.UTF_8).lines().count()).isLessThan(200);
    assertThat(all.toString(StandardCharsets.UTF_8)).contains("150000 debug activity logs");
  }
}
