package io.relayscope.export;

import io.relayscope.export.IncidentAnalysis.ClientTimeline;
import io.relayscope.export.IncidentAnalysis.Emission;
import io.relayscope.export.IncidentAnalysis.Run;
import io.relayscope.journal.JournalFact;
import java.time.Instant;
import java.util.Locale;

/**
 * The appendices: A, every client (join, how it ended and who closed it, what it was due and
 * written) and the relay runs; B, the engine's emissions; C, per client its sends, time behind and end.
 */
final class AppendixSection {
  /** Rows of the emissions appendix before the rest is left to the JSON/CSV export. */
  static final int EMISSIONS = 500;
  static final int SLOW_SENDS_PER_CLIENT = 20;

  private AppendixSection() {}

  static void write(ReportText r) {
    var a = r.a;
    clients(r);
    runs(r);
    r.line("## Appendix B: engine emissions");
    r.line();
    var listed = a.emissions().stream().filter(e -> !e.debug()).toList();
    if (listed.isEmpty()) r.line("No event was received in this window" + (a.metrics().debugEvents() > 0 ? " but debug activity logs." : "."));
    else {
      r.line("| # | received | machine | type | what | size |");
      r.line("|---|---|---|---|---|---|");
      for (Emission e : listed.subList(0, Math.min(listed.size(), EMISSIONS))) {
        r.line("| " + e.seq() + " | " + ReportText.time(e.atMillis()) + " | " + MarkdownText.of(e.machine()) + " | " + MarkdownText.of(e.type())
            + " | " + MarkdownText.of(e.summary())
            + " | " + e.bytes() + " B |");
      }
      if (listed.size() > EMISSIONS) {
        r.line();
        r.line((listed.size() - EMISSIONS) + " more events: see the JSON or CSV export of this window.");
      }
    }
    if (a.metrics().debugEvents() > 0) {
      r.line();
      r.line(a.metrics().debugEvents() + " debug activity logs are not listed (JSON/CSV export).");
    }
    r.line();

    r.line("## Appendix C: broadcast detail per client");
    r.line();
    for (ClientTimeline c : a.clients()) {
      r.line("### Client " + ReportText.label(c));
      r.line();
      if (c.connectedAtMillis() > 0) r.line("- connected " + ReportText.time(c.connectedAtMillis()));
      r.line(String.format(Locale.ROOT, "- sent %d frames (%d bytes) in the window; slowest send %s; written through event #%d (joined after #%d)",
          c.framesSent(), c.bytesSent(), ReportText.ms(c.maxSendMillis()), c.lastSeq(), c.fromSeq()));
      int n = 0;
      for (JournalFact s : c.slowSends()) {
        if (n++ == SLOW_SENDS_PER_CLIENT) {
          r.line("- … " + (c.slowSends().size() - SLOW_SENDS_PER_CLIENT) + " more journaled slow sends (JSON/CSV export)");
          break;
        }
        r.line(String.format(Locale.ROOT, "- send of %s started %s, completed %s: took %s", ReportText.sent(s),
            ReportText.time(s.atMillis() - (long) IncidentAnalysis.dbl(s, "latency_ms")), ReportText.time(s.atMillis()), ReportText.ms(IncidentAnalysis.dbl(s, "latency_ms"))));
      }
      for (Block b : c.blocks()) {
        r.line("- " + ClientWords.worst(b) + " from " + ReportText.time(b.startMillis()) + " to " + ReportText.time(b.endMillis()) + " (" + ReportText.ms(b.millis()) + "), ended: "
            + ClientWords.ended(b, c));
      }
      if (c.evicted() != null) {
        r.line("- **evicted** " + ReportText.time(c.evicted().atMillis()) + ": " + ReportText.str(c.evicted(), "reason") + "; "
            + IncidentAnalysis.num(c.evicted(), "dropped_frames") + " queued frames dropped (" + c.droppedFrames() + " with the frame in flight)");
      }
      r.line("- end: " + endOf(c));
      r.line();
    }
    if (a.clients().isEmpty()) {
      r.line("No client was connected in this window.");
      r.line();
    }
  }

  private static void clients(ReportText r) {
    var a = r.a;
    r.line("## Appendix A: clients");
    r.line();
    if (a.clients().isEmpty()) {
      r.line("No client was connected in this window.");
      r.line();
      return;
    }
    r.line("| client | connected | end | frames sent in the window | events written / due | missed | dropped | slowest send | longest behind |");
    r.line("|---|---|---|---|---|---|---|---|---|");
    for (ClientTimeline c : a.clients()) {
      long behind = c.blocks().stream().mapToLong(Block::millis).max().orElse(0);
      r.line("| " + ReportText.label(c) + " | " + (c.connectedAtMillis() > 0 ? ReportText.time(c.connectedAtMillis()) : "before the window") + " | " + endOf(c)
          + " | " + c.framesSent() + " | " + c.got() + " / " + c.shouldHaveGot() + (c.fromSeqExact() ? "" : "*") + " | " + c.missed()
          + (c.pending() > 0 ? " (+" + c.pending() + " on their way)" : "") + " | " + c.droppedFrames() + " | " + ReportText.ms(c.maxSendMillis())
          + " | " + (behind > 0 ? ReportText.ms(behind) : "—") + " |");
    }
    r.line();
    r.line("Due: events from the client's join to its end (or the window's end); written: those its socket took (the kernel"
        + " held them for it: a client that stopped reading may never have read them)."
        + (a.clients().stream().anyMatch(c -> !c.fromSeqExact()) ? " *: join point estimated from the connect fact (no close recorded)." : ""));
    r.line();
  }

  static String endOf(ClientTimeline c) {
    if (c.closed() != null) {
      String reason = ReportText.str(c.closed(), "reason");
      return ClientWords.closed(c.code()) + " " + ReportText.time(c.closed().atMillis()) + (reason.isEmpty() ? "" : ", " + reason)
          + " (" + ClosedBy.of(c.closed()) + ")";
    }
    return c.end();
  }

  private static void runs(ReportText r) {
    var a = r.a;
    if (a.runs().size() < 2) return;
    r.line("### Relay runs");
    r.line();
    r.line("| run | id | started | last fact | ended |");
    r.line("|---|---|---|---|---|");
    for (Run run : a.runs()) {
      r.line("| " + run.ordinal() + " | " + MarkdownText.of(run.id()) + " | " + ReportText.DATE.format(Instant.ofEpochMilli(run.startedAtMillis())) + " | " + ReportText.time(run.lastFactMillis())
          + " | " + (run.stopped() ? "stopped " + ReportText.time(run.stoppedAtMillis()) : "no stop recorded") + " |");
    }
    r.line();
  }
}
