package io.relayscope.export;

import io.relayscope.export.IncidentAnalysis.Emission;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The timeline of the moments that matter: joins, flags with their evidence, closes, restarts;
 * runs of events collapsed into one line ("2,964 events #1–#2964 through …, ~1,000/s"); high-volume
 * facts (debug activity, per-second send reports, keepalives) folded into counts.
 */
final class TimelineSection {
  /** Rows before the rest is folded into a count. */
  static final int ROWS = 300;

  private TimelineSection() {}

  static void write(ReportText r) {
    var a = r.a;
    r.heading("Timeline");
    var folded = new EnumMap<FactKind, Long>(FactKind.class);
    long debug = 0;
    int rows = 0;
    long more = 0;
    var events = new ArrayList<JournalFact>(); // a run of events, written as one line when long
    for (JournalFact f : a.facts()) {
      String row = row(r, f);
      if (row == null) {
        if (f.kind() == FactKind.EVENT_RECEIVED) debug++;
        else folded.merge(f.kind(), 1L, Long::sum);
        continue;
      }
      if (f.kind() == FactKind.EVENT_RECEIVED) {
        events.add(f);
        continue;
      }
      rows += flushEvents(r, events, rows);
      if (rows >= ROWS) {
        more++;
        continue;
      }
      rows++;
      r.line("- " + ReportText.time(f.atMillis()) + " " + row);
    }
    rows += flushEvents(r, events, rows);
    if (rows == 0) r.line("No significant fact in this window.");
    r.line();
    var notListed = new ArrayList<String>();
    if (more > 0) notListed.add(more + " more significant facts (Appendix and the JSON/CSV export)");
    if (debug > 0) notListed.add(debug + " debug activity logs");
    for (Map.Entry<FactKind, Long> e : folded.entrySet()) notListed.add(e.getValue() + " " + e.getKey().name());
    if (!notListed.isEmpty()) {
      r.line("Folded: " + String.join(", ", notListed) + ". Every fact is in the JSON and CSV exports of this window.");
      r.line();
    }
  }

  /** Events between two other moments: each on its line when few, else one line for the run. Returns rows written. */
  private static int flushEvents(ReportText r, List<JournalFact> events, int rows) {
    if (events.isEmpty()) return 0;
    int written = 0;
    if (events.size() <= 3) {
      for (JournalFact e : events) {
        if (rows + written >= ROWS) break;
        r.line("- " + ReportText.time(e.atMillis()) + " " + row(r, e));
        written++;
      }
    } else if (rows < ROWS) {
      JournalFact first = events.get(0);
      JournalFact last = events.get(events.size() - 1);
      double seconds = (last.atMillis() - first.atMillis()) / 1000.0;
      r.line("- " + ReportText.time(first.atMillis()) + " " + events.size() + " events #" + IncidentAnalysis.num(first, "seq") + "–#"
          + IncidentAnalysis.num(last, "seq") + " through " + ReportText.time(last.atMillis())
          + (seconds > 0 ? String.format(Locale.ROOT, ", ~%,.0f/s", (events.size() - 1) / seconds) : "")
          + folded(first, last, events.size()));
      written = 1;
    }
    events.clear();
    return written;
  }

  /** The debug logs among a run's numbers, which the count leaves out ("22 events #94–#140" has 25 more). */
  private static String folded(JournalFact first, JournalFact last, int shown) {
    if (!first.run().id().equals(last.run().id())) return "";
    long among = IncidentAnalysis.num(last, "seq") - IncidentAnalysis.num(first, "seq") + 1 - shown;
    return among > 0 ? " (and " + among + " debug logs among them, folded)" : "";
  }

  /** The timeline's line for a fact, or null for facts folded into counts. */
  static String row(ReportText r, JournalFact f) {
    String who = r.label(f);
    return switch (f.kind()) {
      case RELAY_STARTED -> "relay started (run " + r.runOrdinal(f) + ", " + MarkdownText.of(f.run().id()) + ") on " + ReportText.str(f, "endpoint");
      case RELAY_STOPPED -> "relay stopped (run " + r.runOrdinal(f) + ")";
      case INGEST_WARNING -> "ingest warning: " + ReportText.str(f, "error");
      case STREAM_CONNECTED -> "engine stream connected";
      case STREAM_DISCONNECTED -> "engine stream disconnected: " + ReportText.str(f, "reason");
      case EVENT_RECEIVED -> {
        var e = new Emission(f.run().id(), f.atMillis(), IncidentAnalysis.num(f, "seq"), IncidentAnalysis.str(f, "machine"),
            IncidentAnalysis.str(f, "type"), IncidentAnalysis.str(f, "summary"), IncidentAnalysis.num(f, "bytes"));
        yield e.debug() ? null : "event #" + e.seq() + " " + (e.machine().isEmpty() ? "" : MarkdownText.of(e.machine()) + " ")
            + MarkdownText.of(e.type()) + ": " + MarkdownText.of(e.summary())
            + " (" + e.bytes() + " B)";
      }
      case INPUT_REJECTED -> "input rejected (" + ReportText.str(f, "reason") + ")"
          + (f.fields().containsKey("count") ? ": " + IncidentAnalysis.num(f, "count") + " inputs" : ": " + ReportText.str(f, "detail"));
      case CLIENT_CONNECTED -> "client " + who + " connected from " + ReportText.str(f, "remote");
      case CLIENT_RESUMED -> "client " + who + " resumed after #" + IncidentAnalysis.num(f, "since")
          + (Boolean.TRUE.equals(f.fields().get("gap")) ? " (gap: started afresh)" : ", " + IncidentAnalysis.num(f, "replayed") + " replayed");
      case CLIENT_REFUSED -> "connection from " + ReportText.str(f, "remote")
          + (f.fields().containsKey("status") ? " refused: " + IncidentAnalysis.num(f, "status") + " " : " dropped, no answer: ")
          + ReportText.str(f, "reason");
      case CLIENT_LAGGING, CLIENT_NOT_READING -> "client " + who + " "
          + (f.kind() == FactKind.CLIENT_LAGGING ? ClientWords.LAGGING : ClientWords.NOT_READING) + ": "
          + (ReportText.str(f, "why").isEmpty() ? "" : ReportText.str(f, "why") + "; ")
          + (IncidentAnalysis.num(f, "unread_bytes") > 0 && !ReportText.str(f, "why").contains("unread")
              && !ReportText.str(f, "why").contains("unacknowledged")
              ? ReportText.bytes(IncidentAnalysis.num(f, "unread_bytes")) + " unread in the kernel; " : "")
          + IncidentAnalysis.num(f, "queue_frames") + " frames (" + ReportText.bytes(IncidentAnalysis.num(f, "queue_bytes")) + ") waiting in its queue"
          + (f.fields().get("since_ms") instanceof Number n ? "; behind since " + ReportText.time(n.longValue()) : "");
      case CLIENT_RECOVERED -> "client " + who + " recovered (OPEN)";
      case CLIENT_EVICTED -> "client " + who + " **evicted** (4008): " + ReportText.str(f, "reason");
      case CLIENT_CLOSED -> "client " + who + " " + ClientWords.closed(IncidentAnalysis.num(f, "code"))
          + (ReportText.str(f, "reason").isEmpty() ? "" : " (" + ReportText.str(f, "reason") + ")")
          + " " + ClosedBy.of(f) + "; " + IncidentAnalysis.num(f, "dropped")
          + " frames dropped";
      case DISCONNECT_REQUESTED -> "operator disconnects client " + who + viaNats(f) + ": " + ReportText.str(f, "reason");
      case PONG_MISSED -> Boolean.TRUE.equals(f.fields().get("closing"))
          ? "client " + who + " answered no ping for " + ReportText.ms(IncidentAnalysis.dbl(f, "silence_ms")) + ": closing by keepalive (4009)" : null;
      case SLOW_SEND -> "client " + who + " send of " + ReportText.sent(f) + " took " + ReportText.ms(IncidentAnalysis.dbl(f, "latency_ms"));
      default -> null;
    };
  }

  /** " (nats:alice)" for a disconnect requested through NATS; nothing for the console's. */
  private static String viaNats(JournalFact f) {
    String by = ReportText.str(f, "by");
    return by.startsWith("nats") ? " (" + by + ")" : "";
  }
}
