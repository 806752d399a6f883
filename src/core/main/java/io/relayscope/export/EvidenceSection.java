package io.relayscope.export;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import java.util.ArrayList;
import java.util.List;

/**
 * Per incident, the relay's evidence with its times: each flag (why, bytes unread in the kernel, its
 * queue), the keepalive's pongs (the last before the episode, those missed in it, the first after)
 * and slow sends in it — all from the window's facts.
 */
final class EvidenceSection {
  /** Lines of evidence per incident before the rest is left to the JSON/CSV export. */
  static final int LINES_PER_INCIDENT = 20;

  private EvidenceSection() {}

  static void write(ReportText r) {
    r.heading("Evidence");
    if (r.a.incidents().isEmpty()) {
      r.line("No incident, so no evidence to show.");
      r.line();
      return;
    }
    int n = 0;
    for (ClientIncident i : r.a.incidents()) {
      r.line("**Incident " + ++n + "** (" + MarkdownText.of(i.label()) + "): behind from " + ReportText.time(i.startMillis())
          + ", where the relay dated it: the first byte it did not read was sent then.");
      r.line();
      List<String> lines = lines(r, i);
      lines.stream().limit(LINES_PER_INCIDENT).forEach(l -> r.line("- " + l));
      if (lines.size() > LINES_PER_INCIDENT) r.line("- … " + (lines.size() - LINES_PER_INCIDENT) + " more (JSON/CSV export)");
      r.line();
    }
  }

  private static List<String> lines(ReportText r, ClientIncident i) {
    long end = i.open() ? r.a.toMillis() : i.endMillis();
    var out = new ArrayList<String>();
    JournalFact pongBefore = null;
    JournalFact pongAfter = null;
    var slow = new ArrayList<JournalFact>();
    for (JournalFact f : r.a.facts()) {
      if (!f.run().id().equals(i.run()) || !f.subject().equals(i.clientId())) continue;
      if (f.kind() == FactKind.PONG_RECEIVED) {
        if (f.atMillis() < i.startMillis()) pongBefore = f;
        else if (pongAfter == null && f.atMillis() <= end) pongAfter = f;
        continue;
      }
      if (f.atMillis() < i.startMillis() || f.atMillis() > end) continue;
      String line = switch (f.kind()) {
        case CLIENT_LAGGING, CLIENT_NOT_READING, CLIENT_RECOVERED -> flag(f);
        case PONG_MISSED -> "no pong for " + ReportText.ms(IncidentAnalysis.dbl(f, "silence_ms"))
            + (Boolean.TRUE.equals(f.fields().get("closing")) ? ": closing by keepalive (4009)" : "");
        case SLOW_SEND -> {
          slow.add(f); // summed up in one line below: a stalled client's sends are many, its flags few
          yield null;
        }
        default -> null;
      };
      if (line != null) out.add(ReportText.time(f.atMillis()) + " " + line);
    }
    if (!slow.isEmpty()) out.add(slowSends(slow));
    if (pongBefore != null) out.add(0, ReportText.time(pongBefore.atMillis()) + " last pong before it (RTT "
        + ReportText.ms(IncidentAnalysis.dbl(pongBefore, "rtt_ms")) + ")");
    if (pongAfter != null) out.add("first pong after it fell behind: " + ReportText.time(pongAfter.atMillis()) + " (RTT "
        + ReportText.ms(IncidentAnalysis.dbl(pongAfter, "rtt_ms")) + ")");
    else out.add("no pong in the episode");
    return out;
  }

  /** The episode's slow sends in one line: how many, when, how slow (each is in the JSON/CSV export). */
  private static String slowSends(List<JournalFact> slow) {
    JournalFact first = slow.get(0);
    if (slow.size() == 1) {
      return ReportText.time(first.atMillis()) + " send of " + ReportText.sent(first) + " took " + ReportText.ms(IncidentAnalysis.dbl(first, "latency_ms"));
    }
    double max = slow.stream().mapToDouble(f -> IncidentAnalysis.dbl(f, "latency_ms")).max().orElse(0);
    long sends = sendsThrough(slow);
    String line = ReportText.time(first.atMillis()) + " " + sends + " slow sends through " + ReportText.time(slow.get(slow.size() - 1).atMillis())
        + ", the slowest " + ReportText.ms(max);
    return line + (sends == slow.size() ? " (each in the JSON/CSV export)"
        : " (" + slow.size() + " journaled, one per 100 ms at most, in the JSON/CSV export)");
  }

  /**
   * Slow sends from the first fact to the last: a SLOW_SEND fact stands for itself and the
   * {@code unjournaled_before} sends folded since the one before it (those before the first may predate the window).
   */
  static long sendsThrough(List<JournalFact> slow) {
    long n = 1;
    for (int i = 1; i < slow.size(); i++) n += 1 + (long) IncidentAnalysis.dbl(slow.get(i), "unjournaled_before");
    return n;
  }

  private static String flag(JournalFact f) {
    String state = switch (f.kind()) {
      case CLIENT_LAGGING -> ClientWords.LAGGING;
      case CLIENT_NOT_READING -> ClientWords.NOT_READING;
      default -> "OPEN again";
    };
    long unread = ReportText.num(f, "unread_bytes");
    String why = ReportText.str(f, "why");
    // The kernel's figure only where the reason does not already give it.
    boolean said = why.contains("unread") || why.contains("unacknowledged");
    return state + ": " + (why.isEmpty() ? "" : why + "; ")
        + (unread >= 0 && !said ? ReportText.bytes(unread) + " unread in the kernel; " : "")
        + "queue " + ReportText.num(f, "queue_frames") + " frames (" + ReportText.bytes(ReportText.num(f, "queue_bytes")) + ")";
  }
}
