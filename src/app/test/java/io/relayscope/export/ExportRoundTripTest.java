package io.relayscope.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import io.relayscope.journal.JournalReader;
import io.relayscope.journal.JournalWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON exports read back to the same facts; CSV has one row per fact; the CLI writes them. */
class ExportRoundTripTest {
  @TempDir Path tmp;

  @Test
  void jsonExportRoundTripsAndCsvHasARowPerFact() throws Exception {
    var journal = new Journal(1000);
    var writer = new JournalWriter(journal, tmp.resolve("j"), 1 << 20, 8);
    writer.start();
    journal.append(FactKind.EVENT_RECEIVED, "face_processor", Map.of("seq", 1L, "type", "state_change", "bytes", 211L,
        "summary", "a → b, \"quoted\", with commas"));
    journal.append(FactKind.CLIENT_EVICTED, "c4", Map.of("reason", "send deadline passed", "dropped_frames", 3L, "oldest_ms", 2012.5));
    journal.append(FactKind.CLIENT_CLOSED, "c4", Map.of("code", 4008L, "by_client", false, "reason", "x"));
    writer.close();

    var loaded = JournalReader.read(tmp.resolve("j"), 0, Long.MAX_VALUE);
    String json = JsonExport.write(loaded.facts(), 0, Long.MAX_VALUE, null);
    Path file = tmp.resolve("export.json");
    Files.writeString(file, json);
    var back = JsonExport.read(file);
    assertThat(back).isEqualTo(loaded.facts());
    assertThat(back.get(1).fact().fields()).containsEntry("oldest_ms", 2012.5).containsEntry("dropped_frames", 3L);

    String csv = CsvExport.write(loaded.facts());
    assertThat(csv.split("\r\n")).hasSize(1 + 3);
    assertThat(csv).startsWith(CsvExport.HEADER).contains("\"\"seq\"\":1").contains("\"\"a → b, \\\"\"quoted\\\"\", with commas\"\"");

    Files.writeString(tmp.resolve("not-an-export.json"), "{\"hello\":1}");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> JsonExport.read(tmp.resolve("not-an-export.json")))
        .hasMessageContaining("not a Relayscope journal export");
  }

  @Test
  void aVersion2ExportWithTheOldClientFlagsStillOpensAndNewOnesSayVersion3() throws Exception {
    Path old = tmp.resolve("v2.json");
    Files.writeString(old, "{\"format\":\"relayscope-journal-export\",\"version\":2,\"from\":0,\"to\":9,\"facts\":["
        + "{\"run\":\"r\",\"run_started\":1,\"id\":1,\"at\":2,\"kind\":\"CLIENT_SLOW\",\"subject\":\"c1\",\"fields\":{}},"
        + "{\"run\":\"r\",\"run_started\":1,\"id\":2,\"at\":3,\"kind\":\"CLIENT_STALLED\",\"subject\":\"c1\",\"fields\":{}}]}");
    var back = JsonExport.read(old);
    assertThat(back).extracting(r -> r.fact().kind()).containsExactly(FactKind.CLIENT_LAGGING, FactKind.CLIENT_NOT_READING);
    // Written again, under the new names: a reader of version 2 would refuse them, so the file says 3.
    String again = JsonExport.write(back, 0, 9, null);
    assertThat(again).contains("\"version\" : 3").contains("CLIENT_LAGGING").doesNotContain("CLIENT_SLOW");
  }

  @Test
  void exportCommandWritesTheReportHeadless() throws Exception {
    var journal = new Journal(1000);
    var writer = new JournalWriter(journal, tmp.resolve("k"), 1 << 20, 8);
    writer.start();
    journal.append(FactKind.EVENT_RECEIVED, "face_processor", Map.of("seq", 1L, "type", "state_change", "bytes", 211L,
        "summary", "cropping_faces → verifying_portraits (faces_cropped)", "machine", "face_processor"));
    writer.close();
    Path out = tmp.resolve("report.md");
    // No incident in it: without a window nothing is exported, and the reason says what to do.
    assertThat(io.relayscope.cli.RelayscopeMain.run("export", "--journal-dir", tmp.resolve("k").toString())).isEqualTo(1);
    int exit = io.relayscope.cli.RelayscopeMain.run("export", "--journal-dir", tmp.resolve("k").toString(), "--all", "--format", "md",
        "-o", out.toString());
    assertThat(exit).isZero();
    assertThat(Files.readString(out)).contains("# Relay incident report").contains("cropping_faces → verifying_portraits");
    assertThat(io.relayscope.cli.RelayscopeMain.run("export", "--journal-dir", tmp.resolve("none").toString())).isEqualTo(1);
    assertThat(io.relayscope.cli.RelayscopeMain.run("export", "--format", "pdf")).isEqualTo(2);
    assertThat(io.relayscope.cli.RelayscopeMain.run("export", "--from", "yesterday")).isEqualTo(2);
    assertThat(io.relayscope.cli.RelayscopeMain.run("export", "--all", "--from", "20:00")).isEqualTo(2);
  }
}
