package io.relayscope.export;

import io.relayscope.export.IncidentAnalysis.ClientTimeline;
import io.relayscope.export.IncidentAnalysis.Run;
import io.relayscope.journal.JournalFact;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The Markdown report being written, and how it writes what it quotes: every text from the journal
 * (names, ids, reasons, fields) goes through {@link MarkdownText}; times and durations one way.
 * Shared by the report's section renderers.
 */
final class ReportText {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
  static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(ZoneId.systemDefault());

  final IncidentAnalysis a;
  private final StringBuilder md = new StringBuilder(16384);

  ReportText(IncidentAnalysis a) {
    this.a = a;
  }

  void line(String s) {
    md.append(s).append('\n');
  }

  void line() {
    md.append('\n');
  }

  /** A section's heading and the blank line after it. */
  void heading(String title) {
    line("## " + title);
    line();
  }

  @Override
  public String toString() {
    return md.toString();
  }

  /** A fact's client as the report names it: {@code c4}, or {@code c4@run2} when the window spans runs. */
  String label(JournalFact f) {
    if (a.runs().size() < 2) return MarkdownText.of(f.subject());
    return MarkdownText.of(f.subject()) + "@run" + runOrdinal(f);
  }

  static String label(ClientTimeline c) {
    return MarkdownText.of(c.label());
  }

  int runOrdinal(JournalFact f) {
    for (Run r : a.runs()) if (r.id().equals(f.run().id())) return r.ordinal();
    return 0;
  }

  static String str(JournalFact f, String key) {
    return MarkdownText.of(IncidentAnalysis.str(f, key));
  }

  static long num(JournalFact f, String key) {
    return IncidentAnalysis.num(f, key);
  }

  static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }

  static String ms(double millis) {
    return MarkdownReport.ms(millis);
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  static String bytes(long n) {
    return String.format(Locale.ROOT, "%,d B", n);
  }

  static String names(List<String> labels) {
    return labels.isEmpty() ? "" : " (" + list(labels) + ")";
  }

  static String list(List<String> labels) {
    return labels.isEmpty() ? "none" : String.join(", ", labels.stream().map(MarkdownText::of).toList());
  }

  /** The client of an incident, as the analysis has it. */
  ClientTimeline client(ClientIncident i) {
    return a.clients().stream().filter(c -> c.key().run().equals(i.run()) && c.id().equals(i.clientId())).findFirst().orElseThrow();
  }

  static String sent(JournalFact s) {
    long seq = num(s, "seq");
    return seq >= 0 ? "event #" + seq : "a relay message";
  }
}
