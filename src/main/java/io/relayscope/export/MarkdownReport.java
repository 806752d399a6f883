package io.relayscope.export;

import io.relayscope.export.IncidentAnalysis.ClientTimeline;
import io.relayscope.export.IncidentAnalysis.Emission;
import io.relayscope.export.IncidentAnalysis.Metrics;
import io.relayscope.export.IncidentAnalysis.Run;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The incident report: a summary first (what happened, impact, what the relay did, what was lost),
 * then the figures, then the timeline of significant facts — high-volume rows (debug activity,
 * per-second send reports, keepalives) folded into counts — and the detail in appendices.
 */
public final class MarkdownReport {
  /** Rows of the timeline before the rest is folded into a count. */
  static final int TIMELINE_ROWS = 300;
  /** Rows of the emissions appendix before the rest is left to the JSON/CSV export. */
  static final int APPENDIX_EMISSIONS = 500;
  static final int SLOW_SENDS_PER_CLIENT = 20;

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(ZoneId.systemDefault());

  private final StringBuilder md = new StringBuilder(16384);
  private final IncidentAnalysis a;

  private MarkdownReport(IncidentAnalysis a) {
    this.a = a;
  }

  public static String of(IncidentAnalysis a) {
    var r = new MarkdownReport(a);
    r.write();
    return r.md.toString();
  }

  private void write() {
    Metrics m = a.metrics();
    line("# Relay incident report");
    line();
    line("Window: " + DATE.format(Instant.ofEpochMilli(a.fromMillis())) + " to " + DATE.format(Instant.ofEpochMilli(a.toMillis()))
        + " (" + seconds(a.toMillis() - a.fromMillis()) + "). Written by Relayscope from its journal; every figure is a fact it recorded.");
    line();
    summary(m);
    figures(m);
    runs();
    clients();
    timeline();
    disconnects();
    appendix();
  }

  // --- summary ------------------------------------------------------------------------------

  private void summary(Metrics m) {
    line("## Summary");
    line();
    var happened = new ArrayList<String>();
    for (ClientTimeline c : a.clients()) {
      for (Block b : c.blocks()) {
        if (b.endMillis() < a.fromMillis() || b.startMillis() >= a.toMillis()) continue;
        happened.add("Client " + label(c) + " fell behind from " + time(b.startMillis()) + " (the first byte it did not read was sent then)"
            + (b.slowAtMillis() >= 0 ? "; " + ClientWords.LAGGING + " at " + time(b.slowAtMillis()) : "")
            + (b.stalled() ? "; " + ClientWords.NOT_READING + " at " + time(b.stalledAtMillis()) : "")
            + "; behind for " + ms(b.millis()) + ", then " + ClientWords.ended(b, c) + " at " + time(b.endMillis()) + ".");
      }
      if (c.pongClosing() != null) {
        happened.add("Client " + label(c) + " answered no keepalive ping for " + ms(IncidentAnalysis.dbl(c.pongClosing(), "silence_ms"))
            + ": " + ClientWords.closed(4009) + " at " + time(c.pongClosing().atMillis()) + ".");
      }
      if (c.disconnectRequested() != null) {
        happened.add("An operator disconnected client " + label(c) + " at " + time(c.disconnectRequested().atMillis()) + " ("
            + str(c.disconnectRequested(), "reason") + ").");
      }
      if (c.end().equals(IncidentAnalysis.END_RUN_ENDED)) {
        happened.add("Client " + label(c) + " was connected when its relay run ended without a stop.");
      }
    }
    for (int i = 0; i < a.runs().size(); i++) {
      Run r = a.runs().get(i);
      if (i + 1 < a.runs().size()) {
        Run next = a.runs().get(i + 1);
        happened.add("The relay restarted: run " + r.ordinal() + " (" + MarkdownText.of(r.id()) + ") "
            + (r.stopped() ? "stopped at " + time(r.stoppedAtMillis()) : "ended without a stop (crash or kill; last fact " + time(r.lastFactMillis()) + ")")
            + ", run " + next.ordinal() + " (" + MarkdownText.of(next.id()) + ") started at " + time(next.startedAtMillis()) + ". Client ids start again with each run.");
      }
    }
    if (m.inputsNotTakenIn() > 0) happened.add(m.inputsNotTakenIn() + " engine inputs found the relay's hand-off queue full and were refused.");
    if (happened.isEmpty()) happened.add("Nothing went wrong in this window: no client fell behind or was cut off, and all input was taken in.");
    line("**What happened.**");
    line();
    happened.forEach(h -> line("- " + h));
    line();

    line("**Impact.** " + m.clientsLost() + " of " + a.clients().size() + " client(s) lost" + names(lostClients()) + ". "
        + (m.longestBlockClient() == null ? "No client was " + ClientWords.BEHIND + "." : "Longest time behind: " + ms(m.longestBlockMillis())
            + " (client " + MarkdownText.of(m.longestBlockClient()) + "). ")
        + "Clients that received every event: " + list(m.clientsWithEveryEvent()) + ". "
        + (m.clientsMissingEvents().isEmpty() ? "" : "Clients that did not: " + missingDetail() + ". ")
        + (m.slowestHealthySendMillis() > 0 ? "The others were unaffected: their slowest send took " + ms(m.slowestHealthySendMillis()) + "." : ""));
    line();

    line("**What the relay did.**");
    line();
    boolean acted = false;
    for (ClientTimeline c : a.clients()) {
      if (c.evicted() != null) {
        acted = true;
        line("- Evicted client " + label(c) + " at " + time(c.evicted().atMillis()) + " with close code 4008 ("
            + str(c.evicted(), "reason") + "), dropping " + c.droppedFrames()
            + " frame(s) it had not taken. No other client waited for it: each has its own queue and write deadline.");
      }
      if (c.pongClosing() != null) {
        acted = true;
        line("- Closed client " + label(c) + " by keepalive (4009): its pings went unanswered.");
      }
      if (c.disconnectRequested() != null) {
        acted = true;
        line("- Disconnected client " + label(c) + (c.closed() != null ? " (" + c.code() + ")" : "") + " on an operator's request.");
      }
    }
    if (m.inputsNotTakenIn() > 0) {
      acted = true;
      line("- Refused " + m.inputsNotTakenIn() + " inputs at the full hand-off queue, counted, rather than block the engines.");
    }
    if (!acted) line("- Nothing needed doing: no client fell behind its deadline.");
    line();

    line("**Lost.** Messages lost: " + m.messagesLost() + " = " + m.inputsNotTakenIn() + " inputs the relay could not take in + "
        + m.eventsMissedByClients() + " events that never reached a client that should have had them"
        + (m.eventsMissedByClients() > 0 ? " (" + missingDetail() + "; counted up to each client's close, so events that came while"
            + " it was being closed are in it)" : "") + ". Frames dropped with evicted clients: "
        + m.framesDroppedWithEvictedClients() + " (their queues and the frame in flight, as Recently closed shows).");
    line();
  }

  private List<String> lostClients() {
    return a.clients().stream().filter(ClientTimeline::lost).map(ClientTimeline::label).toList();
  }

  private String missingDetail() {
    var parts = new ArrayList<String>();
    for (ClientTimeline c : a.clients()) {
      if (c.missed() > 0) parts.add(label(c) + " missed " + c.missed() + " of " + c.shouldHaveGot());
      else if (c.pending() > 0) parts.add(label(c) + " " + c.pending() + " still on their way");
    }
    return String.join(", ", parts);
  }

  // --- figures ------------------------------------------------------------------------------

  private void figures(Metrics m) {
    line("## Figures");
    line();
    long lastSeq = a.emissions().stream().mapToLong(Emission::seq).max().orElse(0);
    line("- **Events received**: " + m.events() + (m.events() > 0 ? " (through #" + lastSeq + ")" : "")
        + (m.debugEvents() > 0 ? ", of which " + m.debugEvents() + " debug activity logs" : ""));
    line("- **Longest time behind** (" + ClientWords.BEHIND + ", or one slow send): " + ms(m.longestBlockMillis())
        + (m.longestBlockClient() == null ? "" : " (client " + MarkdownText.of(m.longestBlockClient()) + ")"));
    line("- **Events queued and dropped with evicted clients**: " + m.framesDroppedWithEvictedClients()
        + " (as Recently closed counts them: the frame in flight included)");
    line("- **Clients lost**: " + m.clientsLost() + names(lostClients()));
    line("- **Messages lost**: " + m.messagesLost() + " (" + m.inputsNotTakenIn() + " inputs not taken in, " + m.eventsMissedByClients()
        + " events missed by clients)");
    line("- **Clients that received every event**: " + list(m.clientsWithEveryEvent()));
    line("- **Rejected inputs**: " + m.rejectedInputs());
    if (m.restarts() > 0) line("- **Relay restarts**: " + m.restarts());
    line();
  }

  private void runs() {
    if (a.runs().size() < 2) return;
    line("## Relay runs");
    line();
    line("| run | id | started | last fact | ended |");
    line("|---|---|---|---|---|");
    for (Run r : a.runs()) {
      line("| " + r.ordinal() + " | " + MarkdownText.of(r.id()) + " | " + DATE.format(Instant.ofEpochMilli(r.startedAtMillis())) + " | " + time(r.lastFactMillis())
          + " | " + (r.stopped() ? "stopped " + time(r.stoppedAtMillis()) : "no stop recorded") + " |");
    }
    line();
  }

  private void clients() {
    line("## Clients");
    line();
    if (a.clients().isEmpty()) {
      line("No client was connected in this window.");
      line();
      return;
    }
    line("| client | connected | end | frames sent | events written / due | missed | dropped | slowest send | longest behind |");
    line("|---|---|---|---|---|---|---|---|---|");
    for (ClientTimeline c : a.clients()) {
      long behind = c.blocks().stream().mapToLong(Block::millis).max().orElse(0);
      line("| " + label(c) + " | " + (c.connectedAtMillis() > 0 ? time(c.connectedAtMillis()) : "before the window") + " | " + endOf(c)
          + " | " + c.framesSent() + " | " + c.got() + " / " + c.shouldHaveGot() + (c.fromSeqExact() ? "" : "*") + " | " + c.missed()
          + (c.pending() > 0 ? " (+" + c.pending() + " on their way)" : "") + " | " + c.droppedFrames() + " | " + ms(c.maxSendMillis())
          + " | " + (behind > 0 ? ms(behind) : "—") + " |");
    }
    line();
    line("Due: events from the client's join to its end (or the window's end); written: those its socket took (the kernel"
        + " held them for it: a client that stopped reading may never have read them)."
        + (a.clients().stream().anyMatch(c -> !c.fromSeqExact()) ? " *: join point estimated from the connect fact (no close recorded)." : ""));
    line();
  }

  private String endOf(ClientTimeline c) {
    if (c.closed() != null) {
      String reason = str(c.closed(), "reason");
      return ClientWords.closed(c.code()) + " " + time(c.closed().atMillis()) + (reason.isEmpty() ? "" : ", " + reason)
          + " (" + ClosedBy.of(c.closed()) + ")";
    }
    return c.end();
  }

  // --- timeline -----------------------------------------------------------------------------

  private void timeline() {
    line("## Timeline");
    line();
    var folded = new EnumMap<FactKind, Long>(FactKind.class);
    long debug = 0;
    int rows = 0;
    long more = 0;
    var events = new ArrayList<JournalFact>(); // a run of events, written as one line when long
    for (JournalFact f : a.facts()) {
      String row = row(f);
      if (row == null) {
        if (f.kind() == FactKind.EVENT_RECEIVED) debug++;
        else folded.merge(f.kind(), 1L, Long::sum);
        continue;
      }
      if (f.kind() == FactKind.EVENT_RECEIVED) {
        events.add(f);
        continue;
      }
      rows += flushEvents(events, rows);
      if (rows >= TIMELINE_ROWS) {
        more++;
        continue;
      }
      rows++;
      line("- " + time(f.atMillis()) + " " + row);
    }
    rows += flushEvents(events, rows);
    if (rows == 0) line("No significant fact in this window.");
    line();
    var notListed = new ArrayList<String>();
    if (more > 0) notListed.add(more + " more significant facts (Appendix and the JSON/CSV export)");
    if (debug > 0) notListed.add(debug + " debug activity logs");
    for (Map.Entry<FactKind, Long> e : folded.entrySet()) notListed.add(e.getValue() + " " + e.getKey().name());
    if (!notListed.isEmpty()) {
      line("Folded: " + String.join(", ", notListed) + ". Every fact is in the JSON and CSV exports of this window.");
      line();
    }
  }

  /** Events between two other moments: each on its line when few, else one line for the run. Returns rows written. */
  private int flushEvents(List<JournalFact> events, int rows) {
    if (events.isEmpty()) return 0;
    int written = 0;
    if (events.size() <= 3) {
      for (JournalFact e : events) {
        if (rows + written >= TIMELINE_ROWS) break;
        line("- " + time(e.atMillis()) + " " + row(e));
        written++;
      }
    } else if (rows < TIMELINE_ROWS) {
      JournalFact first = events.get(0);
      JournalFact last = events.get(events.size() - 1);
      double seconds = (last.atMillis() - first.atMillis()) / 1000.0;
      line("- " + time(first.atMillis()) + " " + events.size() + " events #" + IncidentAnalysis.num(first, "seq") + "–#"
          + IncidentAnalysis.num(last, "seq") + " through " + time(last.atMillis())
          + (seconds > 0 ? String.format(Locale.ROOT, ", ~%,.0f/s", (events.size() - 1) / seconds) : ""));
      written = 1;
    }
    events.clear();
    return written;
  }

  /** The timeline's line for a fact, or null for facts folded into counts. */
  private String row(JournalFact f) {
    String who = label(f);
    return switch (f.kind()) {
      case RELAY_STARTED -> "relay started (run " + runOrdinal(f) + ", " + MarkdownText.of(f.run().id()) + ") on " + str(f, "endpoint");
      case RELAY_STOPPED -> "relay stopped (run " + runOrdinal(f) + ")";
      case INGEST_WARNING -> "ingest warning: " + str(f, "error");
      case STREAM_CONNECTED -> "engine stream connected";
      case STREAM_DISCONNECTED -> "engine stream disconnected: " + str(f, "reason");
      case EVENT_RECEIVED -> {
        var e = new Emission(f.run().id(), f.atMillis(), IncidentAnalysis.num(f, "seq"), IncidentAnalysis.str(f, "machine"),
            IncidentAnalysis.str(f, "type"), IncidentAnalysis.str(f, "summary"), IncidentAnalysis.num(f, "bytes"));
        yield e.debug() ? null : "event #" + e.seq() + " " + (e.machine().isEmpty() ? "" : MarkdownText.of(e.machine()) + " ")
            + MarkdownText.of(e.type()) + ": " + MarkdownText.of(e.summary())
            + " (" + e.bytes() + " B)";
      }
      case INPUT_REJECTED -> "input rejected (" + str(f, "reason") + ")"
          + (f.fields().containsKey("count") ? ": " + IncidentAnalysis.num(f, "count") + " inputs" : ": " + str(f, "detail"));
      case CLIENT_CONNECTED -> "client " + who + " connected from " + str(f, "remote");
      case CLIENT_RESUMED -> "client " + who + " resumed after #" + IncidentAnalysis.num(f, "since")
          + (Boolean.TRUE.equals(f.fields().get("gap")) ? " (gap: started afresh)" : ", " + IncidentAnalysis.num(f, "replayed") + " replayed");
      case CLIENT_REFUSED -> "connection from " + str(f, "remote")
          + (f.fields().containsKey("status") ? " refused: " + IncidentAnalysis.num(f, "status") + " " : " dropped, no answer: ")
          + str(f, "reason");
      case CLIENT_LAGGING, CLIENT_NOT_READING -> "client " + who + " "
          + (f.kind() == FactKind.CLIENT_LAGGING ? ClientWords.LAGGING : ClientWords.NOT_READING) + ": "
          + (str(f, "why").isEmpty() ? "" : str(f, "why") + "; ")
          + (IncidentAnalysis.num(f, "unread_bytes") > 0 ? IncidentAnalysis.num(f, "unread_bytes") + " B unread in the kernel; " : "")
          + IncidentAnalysis.num(f, "queue_frames") + " frames (" + IncidentAnalysis.num(f, "queue_bytes") + " B) waiting in its queue"
          + (f.fields().get("since_ms") instanceof Number n ? "; behind since " + time(n.longValue()) : "");
      case CLIENT_RECOVERED -> "client " + who + " recovered (OPEN)";
      case CLIENT_EVICTED -> "client " + who + " **evicted** (4008): " + str(f, "reason");
      case CLIENT_CLOSED -> "client " + who + " " + ClientWords.closed(IncidentAnalysis.num(f, "code"))
          + (str(f, "reason").isEmpty() ? "" : " (" + str(f, "reason") + ")")
          + " " + ClosedBy.of(f) + "; " + IncidentAnalysis.num(f, "dropped")
          + " frames dropped";
      case DISCONNECT_REQUESTED -> "operator disconnects client " + who + viaNats(f) + ": " + str(f, "reason");
      case PONG_MISSED -> Boolean.TRUE.equals(f.fields().get("closing"))
          ? "client " + who + " answered no ping for " + ms(IncidentAnalysis.dbl(f, "silence_ms")) + ": closing by keepalive (4009)" : null;
      case SLOW_SEND -> "client " + who + " send of " + sent(f) + " took " + ms(IncidentAnalysis.dbl(f, "latency_ms"));
      default -> null;
    };
  }

  private void disconnects() {
    var rows = a.facts().stream().filter(f -> f.kind() == FactKind.CLIENT_EVICTED || f.kind() == FactKind.CLIENT_CLOSED
        || f.kind() == FactKind.DISCONNECT_REQUESTED || (f.kind() == FactKind.PONG_MISSED && Boolean.TRUE.equals(f.fields().get("closing"))))
        .toList();
    line("## Disconnect sequence");
    line();
    if (rows.isEmpty()) line("No client disconnected in this window.");
    for (JournalFact f : rows) line("- " + time(f.atMillis()) + " " + row(f));
    line();
  }

  // --- appendix -----------------------------------------------------------------------------

  private void appendix() {
    line("## Appendix A: engine emissions");
    line();
    var listed = a.emissions().stream().filter(e -> !e.debug()).toList();
    if (listed.isEmpty()) line("No event was received in this window" + (a.metrics().debugEvents() > 0 ? " but debug activity logs." : "."));
    else {
      line("| # | received | machine | type | what | size |");
      line("|---|---|---|---|---|---|");
      for (Emission e : listed.subList(0, Math.min(listed.size(), APPENDIX_EMISSIONS))) {
        line("| " + e.seq() + " | " + time(e.atMillis()) + " | " + MarkdownText.of(e.machine()) + " | " + MarkdownText.of(e.type())
            + " | " + MarkdownText.of(e.summary())
            + " | " + e.bytes() + " B |");
      }
      if (listed.size() > APPENDIX_EMISSIONS) {
        line();
        line((listed.size() - APPENDIX_EMISSIONS) + " more events: see the JSON or CSV export of this window.");
      }
    }
    if (a.metrics().debugEvents() > 0) {
      line();
      line(a.metrics().debugEvents() + " debug activity logs are not listed (JSON/CSV export).");
    }
    line();

    line("## Appendix B: broadcast detail per client");
    line();
    for (ClientTimeline c : a.clients()) {
      line("### Client " + label(c));
      line();
      if (c.connectedAtMillis() > 0) line("- connected " + time(c.connectedAtMillis()));
      line(String.format(Locale.ROOT, "- sent %d frames (%d bytes); slowest send %s; written through event #%d (joined after #%d)",
          c.framesSent(), c.bytesSent(), ms(c.maxSendMillis()), c.lastSeq(), c.fromSeq()));
      int n = 0;
      for (JournalFact s : c.slowSends()) {
        if (n++ == SLOW_SENDS_PER_CLIENT) {
          line("- … " + (c.slowSends().size() - SLOW_SENDS_PER_CLIENT) + " more slow sends (JSON/CSV export)");
          break;
        }
        line(String.format(Locale.ROOT, "- send of %s started %s, completed %s: took %s", sent(s),
            time(s.atMillis() - (long) IncidentAnalysis.dbl(s, "latency_ms")), time(s.atMillis()), ms(IncidentAnalysis.dbl(s, "latency_ms"))));
      }
      for (Block b : c.blocks()) {
        line("- " + ClientWords.worst(b) + " from " + time(b.startMillis()) + " to " + time(b.endMillis()) + " (" + ms(b.millis()) + "), ended: "
            + ClientWords.ended(b, c));
      }
      if (c.evicted() != null) {
        line("- **evicted** " + time(c.evicted().atMillis()) + ": " + str(c.evicted(), "reason") + "; "
            + IncidentAnalysis.num(c.evicted(), "dropped_frames") + " queued frames dropped (" + c.droppedFrames() + " with the frame in flight)");
      }
      line("- end: " + endOf(c));
      line();
    }
    if (a.clients().isEmpty()) {
      line("No client was connected in this window.");
      line();
    }
  }

  // --- formatting ---------------------------------------------------------------------------

  // Everything quoted from the journal goes through MarkdownText: names, ids, reasons, fields.

  private String label(JournalFact f) {
    if (a.runs().size() < 2) return MarkdownText.of(f.subject());
    return MarkdownText.of(f.subject()) + "@run" + runOrdinal(f);
  }

  private static String label(ClientTimeline c) {
    return MarkdownText.of(c.label());
  }

  private static String str(JournalFact f, String key) {
    return MarkdownText.of(IncidentAnalysis.str(f, key));
  }

  private int runOrdinal(JournalFact f) {
    for (Run r : a.runs()) if (r.id().equals(f.run().id())) return r.ordinal();
    return 0;
  }

  private static String sent(JournalFact s) {
    long seq = IncidentAnalysis.num(s, "seq");
    return seq >= 0 ? "event #" + seq : "a relay message";
  }

  private static String names(List<String> labels) {
    return labels.isEmpty() ? "" : " (" + list(labels) + ")";
  }

  private static String list(List<String> labels) {
    return labels.isEmpty() ? "none" : String.join(", ", labels.stream().map(MarkdownText::of).toList());
  }

  private void line(String s) {
    md.append(s).append('\n');
  }

  private void line() {
    md.append('\n');
  }

  static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }

  static String ms(double millis) {
    return millis >= 1000 ? String.format(Locale.ROOT, "%.3f s", millis / 1000) : String.format(Locale.ROOT, "%.1f ms", millis);
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  /** " (nats:alice)" for a disconnect requested through NATS; nothing for the console's. */
  private static String viaNats(JournalFact f) {
    String by = str(f, "by");
    return by.startsWith("nats") ? " (" + by + ")" : "";
  }
}
