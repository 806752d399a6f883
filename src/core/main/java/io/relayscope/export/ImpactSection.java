package io.relayscope.export;

import io.relayscope.export.IncidentAnalysis.ClientTimeline;
import io.relayscope.export.IncidentAnalysis.Emission;
import io.relayscope.export.IncidentAnalysis.Metrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Who was affected and what was lost. Only faults count as lost (an eviction, keepalive, a run that
 * ended under a client, a policy close): a client that left, or one an operator disconnected, is not.
 */
final class ImpactSection {
  private ImpactSection() {}

  static void write(ReportText r) {
    var a = r.a;
    Metrics m = a.metrics();
    r.heading("Impact");
    var affected = a.incidents().stream().map(ClientIncident::label).distinct().toList();
    r.line("**Who.** " + (affected.isEmpty() ? "No client was " + ClientWords.BEHIND + "." : "Affected: " + ReportText.list(affected) + ".")
        + " " + m.clientsLost() + " of " + a.clients().size() + " client(s) lost" + ReportText.names(lost(a)) + ". "
        + "Clients that received every event: " + ReportText.list(m.clientsWithEveryEvent()) + ". "
        + (m.clientsMissingEvents().isEmpty() ? "" : "Clients that did not: " + missingDetail(a) + ". ")
        + (m.slowestHealthySendMillis() > 0 ? "The others were unaffected: their slowest send took "
            + ReportText.ms(m.slowestHealthySendMillis()) + "." : ""));
    r.line();
    long lastSeq = a.emissions().stream().mapToLong(Emission::seq).max().orElse(0);
    r.line("- **Events received**: " + m.events() + (m.events() > 0 ? " (through #" + lastSeq + ")" : "")
        + (m.debugEvents() > 0 ? ", of which " + m.debugEvents() + " debug activity logs" : ""));
    r.line("- **Longest time behind** (" + ClientWords.BEHIND + ", or one slow send): " + ReportText.ms(m.longestBlockMillis())
        + (m.longestBlockClient() == null ? "" : " (client " + MarkdownText.of(m.longestBlockClient()) + ")"));
    r.line("- **Clients lost**: " + m.clientsLost() + ReportText.names(lost(a)));
    r.line("- **Messages lost**: " + m.messagesLost() + " (" + m.inputsNotTakenIn() + " inputs not taken in, " + m.eventsMissedByClients()
        + " events missed by clients)" + (m.eventsMissedByClients() > 0 ? ": " + missingDetail(a)
            + " (counted up to each client's close, so events that came while it was being closed are in it)" : ""));
    r.line("- **Events queued and dropped with evicted clients**: " + m.framesDroppedWithEvictedClients()
        + " (as Recently closed counts them: the frame in flight included)");
    r.line("- **Clients that received every event**: " + ReportText.list(m.clientsWithEveryEvent()));
    r.line("- **Rejected inputs**: " + m.rejectedInputs());
    if (m.restarts() > 0) r.line("- **Relay restarts**: " + m.restarts());
    r.line();
  }

  private static List<String> lost(IncidentAnalysis a) {
    return a.clients().stream().filter(ClientTimeline::lost).map(ClientTimeline::label).toList();
  }

  private static String missingDetail(IncidentAnalysis a) {
    var parts = new ArrayList<String>();
    for (ClientTimeline c : a.clients()) {
      if (c.missed() > 0) parts.add(ReportText.label(c) + " missed " + c.missed() + " of " + c.shouldHaveGot());
      else if (c.pending() > 0) parts.add(ReportText.label(c) + " " + c.pending() + " still on their way");
    }
    return String.join(", ", parts);
  }
}
