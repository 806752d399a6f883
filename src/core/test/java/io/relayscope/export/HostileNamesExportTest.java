package io.relayscope.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import io.relayscope.journal.JournalReader;
import io.relayscope.journal.JournalWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names and reasons in a journal come from engines, clients and operators: an export quotes them,
 * it never lets them act — no terminal escape, no HTML, no forged report line, no broken table, no
 * spreadsheet formula.
 */
class HostileNamesExportTest {
  static final String ESC = "\u001b[31mred\u001b[0m";
  static final String NEWLINE = "m1\n## Summary\n- forged: every client was fine";
  static final String SCRIPT = "<script>alert(1)</script>";
  static final String FORMULA = "=HYPERLINK(\"http://x\",\"click\")";
  static final String PIPE = "a|b";
  static final String TAB = "\tcmd";
  static final String LINK = "[click](http://evil.example)";
  static final String BIDI = "abc\u202egpj.exe";
  static final String CLIENT = "c2\n## forged";

  @TempDir Path tmp;
  IncidentExport export;

  @BeforeEach
  void hostileJournal() throws Exception {
    var journal = new Journal(1000);
    Path dir = tmp.resolve("journal");
    var writer = new JournalWriter(journal, dir, 1 << 20, 8);
    writer.start();
    journal.append(FactKind.RELAY_STARTED, "relay", Map.of("endpoint", SCRIPT));
    journal.append(FactKind.EVENT_RECEIVED, NEWLINE, Map.of("seq", 1L, "type", SCRIPT, "bytes", 10L, "source", "datagram",
        "summary", ESC + PIPE, "machine", NEWLINE));
    journal.append(FactKind.EVENT_RECEIVED, FORMULA, Map.of("seq", 2L, "type", "state_change", "bytes", 10L, "source", "datagram",
        "summary", TAB + LINK + BIDI, "machine", FORMULA));
    journal.append(FactKind.CLIENT_CONNECTED, "c1", Map.of("remote", SCRIPT, "user_agent", ESC));
    journal.append(FactKind.CLIENT_CONNECTED, CLIENT, Map.of("remote", "=1+1", "user_agent", FORMULA));
    journal.append(FactKind.CLIENT_CONNECTED, FORMULA, Map.of("remote", "@SUM(1)", "user_agent", TAB));
    journal.append(FactKind.CLIENT_LAGGING, CLIENT, Map.of("from", "OPEN", "queue_bytes", 10L, "queue_frames", 1L, "oldest_ms", 600.0,
        "unread_bytes", 10L, "why", ESC));
    journal.append(FactKind.INPUT_REJECTED, "ingest", Map.of("reason", "not_json", "detail", ESC, "preview", SCRIPT, "bytes", 9L));
    journal.append(FactKind.INGEST_WARNING, "datagram", Map.of("error", NEWLINE));
    journal.append(FactKind.STREAM_DISCONNECTED, "stream", Map.of("path", "/x", "reason", SCRIPT));
    journal.append(FactKind.CLIENT_REFUSED, "-1+2", Map.of("remote", "-1+2", "status", 403L, "reason", "+cmd"));
    journal.append(FactKind.DISCONNECT_REQUESTED, CLIENT, Map.of("reason", NEWLINE, "by", "nats:" + SCRIPT));
    journal.append(FactKind.CLIENT_CLOSED, CLIENT, Map.of("code", 4010L, "by_client", false, "reason", PIPE + NEWLINE, "dropped", 0L));
    journal.append(FactKind.CLIENT_EVICTED, "c1", Map.of("reason", ESC + SCRIPT, "dropped_frames", 1L, "queue_bytes", 9L, "oldest_ms", 2000.0));
    journal.append(FactKind.CLIENT_CLOSED, "c1", Map.of("code", 4008L, "by_client", false, "reason", LINK, "dropped", 2L));
    journal.append(FactKind.CLIENT_CLOSED, FORMULA, Map.of("code", 1000L, "by_client", true, "reason", "@SUM(1)" + PIPE, "dropped", 0L));
    journal.append(FactKind.RELAY_STOPPED, "relay", Map.of());
    writer.close();
    var facts = JournalReader.read(dir, 0, Long.MAX_VALUE).facts();
    export = new IncidentExport(facts, 0, Long.MAX_VALUE);
  }

  private String write(IncidentExport.Format format) throws Exception {
    var out = new ByteArrayOutputStream();
    export.write(format, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void markdownShowsControlCharactersAndRunsNoHtml() throws Exception {
    String md = write(IncidentExport.Format.md);
    assertThat(invisible(md)).as("control, line-separator and bidi characters left raw").isEmpty();
    assertThat(md).contains("\\u001b[31mred").contains("\\u202e").doesNotContainIgnoringCase("<script")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("[click](");
  }

  @Test
  void aNewlineInANameCannotForgeAReportLine() throws Exception {
    String md = write(IncidentExport.Format.md);
    assertThat(md.lines().filter(l -> l.equals("## Summary"))).hasSize(1);
    assertThat(md.lines().filter(l -> l.startsWith("- forged") || l.startsWith("## forged"))).isEmpty();
    assertThat(md).contains("m1\\n## Summary\\n- forged");
  }

  @Test
  void markdownTableCellsEscapeThePipe() throws Exception {
    String md = write(IncidentExport.Format.md);
    Pattern bar = Pattern.compile("(?<!\\\\)\\|");
    List<String> lines = md.lines().toList();
    int tables = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).startsWith("|")) continue;
      long columns = bar.matcher(lines.get(i)).results().count();
      while (i < lines.size() && lines.get(i).startsWith("|")) {
        assertThat(bar.matcher(lines.get(i)).results().count()).as(lines.get(i)).isEqualTo(columns);
        i++;
      }
      tables++;
    }
    assertThat(tables).isGreaterThanOrEqualTo(2); // clients and emissions
    assertThat(md).contains("a\\|b");
  }

  @Test
  void csvCellsCannotBeFormulasAndStillParse() throws Exception {
    String csv = write(IncidentExport.Format.csv);
    List<List<String>> rows = parse(csv);
    assertThat(rows).hasSize(1 + 17).allSatisfy(r -> assertThat(r).hasSize(7));
    for (var row : rows) {
      for (String cell : row) assertThat(cell).as("cell %s", cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-")
          .doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
    }
    // The subject keeps its text behind the quote; RFC 4180 quoting still applies around it.
    assertThat(rows).anySatisfy(r -> assertThat(r.get(5)).isEqualTo("'" + FORMULA));
    assertThat(rows).anySatisfy(r -> assertThat(r.get(5)).isEqualTo("'-1+2"));
    assertThat(rows).anySatisfy(r -> assertThat(r.get(5)).isEqualTo(CLIENT));
    assertThat(csv).contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\"");
  }

  @Test
  void theFigureDrawsControlCharactersVisibly() {
    var analysis = export.analysis();
    var lanes = analysis.clients().stream().map(IncidentFigure::laneText).toList();
    assertThat(lanes).contains("client c2\\n## forged"); // disconnected by an operator: not lost
    assertThat(invisible(String.join("", lanes) + IncidentFigure.headline(analysis))).isEmpty();
  }

  /** Characters a reader would not see: C0 (but the newline), DEL, C1, line separators, bidi controls. */
  static List<String> invisible(String s) {
    var found = new ArrayList<String>();
    s.chars().filter(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029
        || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f)
        .forEach(c -> found.add(String.format("U+%04X", c)));
    return found;
  }

  /** RFC 4180, as a spreadsheet reads it. */
  static List<List<String>> parse(String csv) {
    var rows = new ArrayList<List<String>>();
    var row = new ArrayList<String>();
    var cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < csv.length(); i++) {
      char c = csv.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        cell.append(c);
      }
    }
    return rows;
  }
}
