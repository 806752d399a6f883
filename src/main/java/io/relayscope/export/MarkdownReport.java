package io.relayscope.export;

import io.relayscope.export.IncidentAnalysis.Block;
import io.relayscope.export.IncidentAnalysis.ClientTimeline;
import io.relayscope.export.IncidentAnalysis.Emission;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** An incident report in the shape of the October 2025 analysis, written from the journal. */
public final class MarkdownReport {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(ZoneId.systemDefault());

  private final StringBuilder md = new StringBuilder(8192);

  private MarkdownReport() {}

  public static String of(IncidentAnalysis a) {
    var r = new MarkdownReport();
    r.write(a);
    return r.md.toString();
  }

  private void write(IncidentAnalysis a) {
    var m = a.metrics();
    line("# Relay incident report");
    line();
    line("Window: " + DATE.format(Instant.ofEpochMilli(a.fromMillis())) + " to " + DATE.format(Instant.ofEpochMilli(a.toMillis()))
        + " (" + seconds(a.toMillis() - a.fromMillis()) + "). Written by Relayscope from its journal; every figure is a fact it recorded.");
    line();

    line("## Engine emissions");
    line();
    if (a.emissions().isEmpty()) line("No event was received in this window.");
    else {
      line("| # | received | machine | type | what | size |");
      line("|---|---|---|---|---|---|");
      for (Emission e : a.emissions()) {
        line("| " + e.seq() + " | " + time(e.atMillis()) + " | " + cell(e.machine()) + " | " + cell(e.type()) + " | "
            + cell(e.summary()) + " | " + e.bytes() + " B |");
      }
    }
    line();

    line("## Broadcast timeline per client");
    line();
    for (ClientTimeline c : a.clients()) {
      line("### Client " + c.id());
      line();
      if (c.connectedAtMillis() > 0) line("- connected " + time(c.connectedAtMillis()));
      line(String.format(Locale.ROOT, "- sent %d frames (%d bytes); slowest send %s; delivered through event #%d",
          c.framesSent(), c.bytesSent(), ms(c.maxSendMillis()), c.lastSeq()));
      for (JournalFact s : c.slowSends()) {
        line(String.format(Locale.ROOT, "- send of %s started %s, completed %s: blocked %s",
            IncidentAnalysis.num(s, "seq") >= 0 ? "event #" + IncidentAnalysis.num(s, "seq") : "a relay message",
            time(s.atMillis() - (long) IncidentAnalysis.dbl(s, "latency_ms")), time(s.atMillis()), ms(IncidentAnalysis.dbl(s, "latency_ms"))));
      }
      for (Block b : c.blocks()) {
        line("- " + b.state() + " from " + time(b.startMillis()) + " to " + time(b.endMillis()) + " (" + ms(b.millis()) + "), ended: "
            + b.endedBy());
      }
      if (c.evicted() != null) {
        line("- **evicted** " + time(c.evicted().atMillis()) + ": " + IncidentAnalysis.str(c.evicted(), "reason") + "; "
            + IncidentAnalysis.num(c.evicted(), "dropped_frames") + " queued frames dropped");
      }
      if (c.closed() != null) {
        line("- closed " + time(c.closed().atMillis()) + " with code " + IncidentAnalysis.num(c.closed(), "code")
            + (IncidentAnalysis.str(c.closed(), "reason").isEmpty() ? "" : " (" + IncidentAnalysis.str(c.closed(), "reason") + ")")
            + (Boolean.TRUE.equals(c.closed().fields().get("by_client")) ? ", by the client" : ", by the relay"));
      }
      line();
    }
    if (a.clients().isEmpty()) {
      line("No client was connected in this window.");
      line();
    }

    line("## Disconnect sequence");
    line();
    if (a.disconnects().isEmpty()) line("No client disconnected in this window.");
    for (JournalFact f : a.disconnects()) {
      String what = switch (f.kind()) {
        case CLIENT_EVICTED -> "evicted: " + IncidentAnalysis.str(f, "reason");
        case CLIENT_CLOSED -> "closed, code " + IncidentAnalysis.num(f, "code")
            + (IncidentAnalysis.str(f, "reason").isEmpty() ? "" : " (" + IncidentAnalysis.str(f, "reason") + ")");
        case DISCONNECT_REQUESTED -> "disconnect requested by an operator: " + IncidentAnalysis.str(f, "reason");
        case PONG_MISSED -> "no pong for " + ms(IncidentAnalysis.dbl(f, "silence_ms")) + ": closing";
        default -> f.kind().name();
      };
      line("- " + time(f.atMillis()) + " client " + f.subject() + " " + what);
    }
    line();

    if (!a.rejections().isEmpty()) {
      line("## Rejected input");
      line();
      for (JournalFact f : a.rejections()) {
        line("- " + time(f.atMillis()) + " " + IncidentAnalysis.str(f, "reason") + ": " + cell(IncidentAnalysis.str(f, "detail"))
            + (f.fields().containsKey("preview") ? " — `" + IncidentAnalysis.str(f, "preview").replace("`", "'") + "`" : ""));
      }
      line();
    }

    line("## Metrics");
    line();
    line("- **Events received**: " + m.events() + (m.events() > 0 ? " (through #" + m.lastSeq() + ")" : ""));
    line("- **Longest block**: " + ms(m.longestBlockMillis()) + (m.longestBlockClient() == null ? "" : " (client " + m.longestBlockClient() + ")"));
    line("- **Events queued and dropped with evicted clients**: " + m.framesDroppedWithEvictedClients());
    line("- **Clients lost**: " + m.clientsLost());
    line("- **Messages lost**: " + m.messagesLost() + " (events the relay could not take in; clients that stayed connected miss none)");
    line("- **Clients that received every event**: " + (m.clientsWithEveryEvent().isEmpty() ? "none" : String.join(", ", m.clientsWithEveryEvent())));
    line("- **Rejected inputs**: " + m.rejectedInputs());
    line();

    line("## What the relay did");
    line();
    boolean acted = false;
    for (ClientTimeline c : a.clients()) {
      if (c.evicted() != null) {
        acted = true;
        line("- Client " + c.id() + " stopped taking data; the relay evicted it with close code 4008 ("
            + IncidentAnalysis.str(c.evicted(), "reason") + ") and dropped its " + IncidentAnalysis.num(c.evicted(), "dropped_frames")
            + " queued frames. No other client waited for it: each has its own queue and write deadline.");
      }
    }
    long pongClosures = a.disconnects().stream().filter(f -> f.kind() == FactKind.PONG_MISSED).count();
    if (pongClosures > 0) {
      acted = true;
      line("- " + pongClosures + " client(s) answered no keepalive ping in time and were closed with 4009.");
    }
    if (!acted) line("- Nothing needed doing: no client fell behind its deadline.");
  }

  private void line(String s) {
    md.append(s).append('\n');
  }

  private void line() {
    md.append('\n');
  }

  private static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }

  private static String ms(double millis) {
    return millis >= 1000 ? String.format(Locale.ROOT, "%.3f s", millis / 1000) : String.format(Locale.ROOT, "%.1f ms", millis);
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
