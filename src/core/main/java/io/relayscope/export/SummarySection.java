package io.relayscope.export;

import io.relayscope.export.IncidentAnalysis.ClientTimeline;
import io.relayscope.export.IncidentAnalysis.Run;
import java.util.ArrayList;

/** The report's first section: how many incidents, each in one line, and whatever else went wrong. */
final class SummarySection {
  private SummarySection() {}

  static void write(ReportText r) {
    var a = r.a;
    r.heading("Summary");
    var other = new ArrayList<String>();
    for (ClientTimeline c : a.clients()) {
      if (c.end().equals(IncidentAnalysis.END_RUN_ENDED)) {
        other.add("Client " + ReportText.label(c) + " was connected when its relay run ended without a stop.");
      }
    }
    for (int i = 0; i + 1 < a.runs().size(); i++) {
      Run run = a.runs().get(i);
      Run next = a.runs().get(i + 1);
      other.add("The relay restarted: run " + run.ordinal() + " (" + MarkdownText.of(run.id()) + ") "
          + (run.stopped() ? "stopped at " + ReportText.time(run.stoppedAtMillis())
              : "ended without a stop (crash or kill; last fact " + ReportText.time(run.lastFactMillis()) + ")")
          + ", run " + next.ordinal() + " (" + MarkdownText.of(next.id()) + ") started at " + ReportText.time(next.startedAtMillis())
          + ". Client ids start again with each run.");
    }
    long refused = a.metrics().inputsNotTakenIn();
    if (refused > 0) other.add(refused + " engine inputs found the relay's hand-off queue full and were refused.");
    if (!a.relayPauses().isEmpty()) {
      other.add("The relay itself was held up " + a.relayPauses().size() + " time(s) (see What the relay did); no client is blamed for it.");
    }
    r.line("**What happened.** " + MarkdownReport.count(a.incidents().size(), "incident")
        + " (one per client episode of LAGGING or NOT READING; a LAGGING blip that recovered by itself within "
        + ClientIncident.BLIP_MILLIS / 1000 + " s is not one).");
    r.line();
    int n = 0;
    for (ClientIncident i : a.incidents()) r.line("- Incident " + ++n + ": " + i.describe(MarkdownText.of(i.label())) + ".");
    other.forEach(o -> r.line("- " + o));
    if (a.incidents().isEmpty() && other.isEmpty()) {
      r.line("- Nothing went wrong in this window: no client fell behind or was cut off, and all input was taken in.");
    }
    r.line();
  }
}
