package io.relayscope.export;

import io.relayscope.export.IncidentAnalysis.ClientTimeline;
import io.relayscope.journal.JournalFact;

/** What the relay did: evictions (4008), keepalive closes (4009), operator disconnects (4010), its own pauses, refused input. */
final class RelayActionsSection {
  private RelayActionsSection() {}

  static void write(ReportText r) {
    var a = r.a;
    r.heading("What the relay did");
    boolean acted = false;
    for (ClientTimeline c : a.clients()) {
      if (c.evicted() != null && inWindow(a, c.evicted())) {
        acted = true;
        r.line("- " + ReportText.time(c.evicted().atMillis()) +  " Evicted client " + ReportText.label(c) + " with close code 4008: "
            + ReportText.str(c.evicted(), "reason") + "; dropped " + c.droppedFrames()
            + " frame(s) it had not taken. No other client waited for it: each has its own queue and write deadline.");
      }
      if (c.pongClosing() != null && inWindow(a, c.pongClosing())) {
        acted = true;
        r.line("- " + ReportText.time(c.pongClosing().atMillis()) + " Closed client " + ReportText.label(c) + " by keepalive (4009): "
            + "no pong for " + ReportText.ms(IncidentAnalysis.dbl(c.pongClosing(), "silence_ms")) + ".");
      }
      if (c.disconnectRequested() != null && inWindow(a, c.disconnectRequested())) {
        acted = true;
        JournalFact d = c.disconnectRequested();
        String by = ReportText.str(d, "by");
        r.line("- " + ReportText.time(d.atMillis()) + " An operator disconnected client " + ReportText.label(c) + ": "
            + ClientWords.closed(4010) + (by.startsWith("nats") ? " (" + by + ")" : "") + " (" + ReportText.str(d, "reason") + ").");
      }
    }
    for (JournalFact p : a.relayPauses()) {
      acted = true;
      r.line("- " + ReportText.time(p.atMillis()) + " The relay was paused for " + ReportText.ms(IncidentAnalysis.dbl(p, "paused_ms"))
          + " (its own threads were late: GC or a starved host), with " + ReportText.num(p, "clients")
          + " client(s) connected; it blamed no client for it.");
    }
    if (a.metrics().inputsNotTakenIn() > 0) {
      acted = true;
      r.line("- Refused " + a.metrics().inputsNotTakenIn() + " inputs at the full hand-off queue, counted, rather than block the engines.");
    }
    if (!acted) r.line("- Nothing needed doing: no client fell behind its deadline.");
    r.line();
  }

  private static boolean inWindow(IncidentAnalysis a, JournalFact f) {
    return f.atMillis() >= a.fromMillis() && f.atMillis() < a.toMillis();
  }
}
