package io.relayscope.ui.log;

import io.relayscope.event.RejectReason;
import io.relayscope.journal.JournalFact;
import io.relayscope.ui.fx.Format;
import java.util.Locale;
import java.util.Map;

/**
 * One row of the event log: an event the relay accepted, an input it rejected, or a gap where the
 * console skipped journal facts to keep up. Immutable; its lower-case search text is built once so
 * that re-filtering twenty thousand rows on a keystroke stays cheap.
 */
final class LogEntry {
  /** The type shown (and filtered on) for rejected inputs. */
  static final String REJECTED = "rejected";

  enum Kind { EVENT, REJECTED, GAP }

  private final Kind kind;
  private final long atMillis;
  private final long seq;
  private final String machine;
  private final String type;
  private final String summary;
  private final long bytes;
  private final String detail;
  private final String searchText;

  private LogEntry(Kind kind, long atMillis, long seq, String machine, String type, String summary, long bytes, String detail) {
    this.kind = kind;
    this.atMillis = atMillis;
    this.seq = seq;
    this.machine = machine;
    this.type = type;
    this.summary = summary;
    this.bytes = bytes;
    this.detail = detail;
    this.searchText = String.join("\n", machine == null ? "" : machine, type, summary, detail == null ? "" : detail,
        seq < 0 ? "" : Long.toString(seq)).toLowerCase(Locale.ROOT);
  }

  /** The row for an EVENT_RECEIVED or INPUT_REJECTED fact; null for any other fact. */
  static LogEntry of(JournalFact f) {
    Map<String, Object> x = f.fields();
    return switch (f.kind()) {
      case EVENT_RECEIVED -> new LogEntry(Kind.EVENT, f.atMillis(), number(x, "seq", -1), string(x, "machine"),
          String.valueOf(x.getOrDefault("type", "?")), String.valueOf(x.getOrDefault("summary", "")),
          number(x, "bytes", -1), null);
      case INPUT_REJECTED -> rejected(f);
      default -> null;
    };
  }

  private static LogEntry rejected(JournalFact f) {
    Map<String, Object> x = f.fields();
    String reason = String.valueOf(x.getOrDefault("reason", "?"));
    var text = new StringBuilder(reason);
    String description = describe(reason);
    if (description != null) text.append(" (").append(description).append(')');
    if (x.get("preview") != null) text.append(" · preview: ").append(x.get("preview"));
    // A full hand-off queue, and a flood of bad input past the first few a second, are journaled once
    // a second with a count, not per input (a flood's summary shows the last one's preview).
    if (x.get("count") instanceof Number n) {
      text.append(" · ").append(Format.count(n.longValue()))
          .append(Boolean.TRUE.equals(x.get("summary")) ? " more like it this second" : " inputs dropped");
    }
    return new LogEntry(Kind.REJECTED, f.atMillis(), -1, null, REJECTED, text.toString(), number(x, "bytes", -1),
        string(x, "detail"));
  }

  /** A row saying how many facts the console skipped before the rows that follow it. */
  static LogEntry gap(long atMillis, long skipped) {
    return new LogEntry(Kind.GAP, atMillis, -1, null, "gap",
        Format.count(skipped) + " journal facts skipped: the console fell behind a flood; the relay forwarded them all",
        -1, null);
  }

  private static String describe(String label) {
    try {
      return RejectReason.valueOf(label.toUpperCase(Locale.ROOT)).description();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static long number(Map<String, Object> fields, String key, long otherwise) {
    return fields.get(key) instanceof Number n ? n.longValue() : otherwise;
  }

  private static String string(Map<String, Object> fields, String key) {
    Object v = fields.get(key);
    return v == null ? null : v.toString();
  }

  Kind kind() {
    return kind;
  }

  long atMillis() {
    return atMillis;
  }

  /** The relay's sequence number; -1 for rows that are not forwarded events. */
  long seq() {
    return seq;
  }

  /** The machine the event is about; null when it names none (and for rejected inputs). */
  String machine() {
    return machine;
  }

  String type() {
    return type;
  }

  String summary() {
    return summary;
  }

  /** Size in bytes; -1 when not known. */
  long bytes() {
    return bytes;
  }

  /** Why an input was rejected, in the parser's words; null otherwise. */
  String detail() {
    return detail;
  }

  /** Whether the lower-cased {@code needle} occurs in the row's machine, type, summary, detail or seq. */
  boolean contains(String needle) {
    return searchText.contains(needle);
  }

  @Override
  public String toString() {
    return kind + " " + seq + " " + machine + " " + type + " " + summary;
  }
}
