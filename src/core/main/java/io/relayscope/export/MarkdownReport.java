package io.relayscope.export;

import java.time.Instant;
import java.util.Locale;

/**
 * The incident report, a post-mortem rather than a dump: summary (the incidents, one line each),
 * impact (who was affected, what was lost: only faults count), evidence (unread bytes, pongs, queue,
 * with their times), what the relay did (4008, 4009, 4010, its own pauses), a timeline of the
 * moments that matter, then the appendices. Every figure comes from the analysis of the window's
 * facts; each section has its renderer.
 */
public final class MarkdownReport {
  private MarkdownReport() {}

  public static String of(IncidentAnalysis a) {
    var r = new ReportText(a);
    r.line("# Relay incident report");
    r.line();
    r.line("Window: " + ReportText.DATE.format(Instant.ofEpochMilli(a.fromMillis())) + " to "
        + ReportText.DATE.format(Instant.ofEpochMilli(a.toMillis())) + " (" + ReportText.seconds(a.toMillis() - a.fromMillis())
        + "). Written by Relayscope from its journal; every figure is a fact it recorded in this window.");
    r.line();
    SummarySection.write(r);
    ImpactSection.write(r);
    EvidenceSection.write(r);
    RelayActionsSection.write(r);
    TimelineSection.write(r);
    AppendixSection.write(r);
    return r.toString();
  }

  static String ms(double millis) {
    return millis >= 1000 ? String.format(Locale.ROOT, "%.3f s", millis / 1000) : String.format(Locale.ROOT, "%.1f ms", millis);
  }

  static String count(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
