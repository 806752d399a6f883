package io.relayscope.export;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One incident: one client's episode (LAGGING → NOT READING → recovered or closed) as the analysis
 * tells it, the one record the JSON's {@code analysis.incidents[]}, the Markdown, the PNG and the
 * Timeline's list all render. {@code endMillis} is -1 while the episode is still open at the
 * window's end; {@code closeCode} -1 unless the episode ended with the client's close.
 */
public record ClientIncident(String run, String clientId, String label, long startMillis, long endMillis, List<String> states,
    String outcome, long closeCode) {
  /**
   * An episode that stayed LAGGING and recovered within this long of its start (the relay's 1 s of
   * healthy dwell included) is a blip: the client was behind under a second and caught up by itself.
   * It is drawn and listed with its client, but it is not an incident.
   */
  public static final long BLIP_MILLIS = 2_000;

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  public boolean open() {
    return endMillis < 0;
  }

  /** Whether an episode is an incident: every one but a blip. */
  static boolean counts(Block b) {
    return b.open() || b.stalled() || !"recovered".equals(b.endedBy()) || b.millis() >= BLIP_MILLIS;
  }

  /** The incident of client {@code c}'s episode {@code b}. */
  static ClientIncident of(Block b, IncidentAnalysis.ClientTimeline c) {
    var states = new ArrayList<String>(2);
    if (b.slowAtMillis() >= 0) states.add(ClientWords.LAGGING);
    if (b.stalled()) states.add(ClientWords.NOT_READING);
    String outcome = outcome(b, c);
    long code = switch (outcome) {
      case "open", "recovered" -> -1;
      case "evicted" -> c.code() > 0 ? c.code() : 4008;
      default -> c.code();
    };
    return new ClientIncident(c.key().run(), c.id(), c.label(), b.startMillis(), b.open() ? -1 : b.endMillis(), List.copyOf(states),
        outcome, code);
  }

  private static String outcome(Block b, IncidentAnalysis.ClientTimeline c) {
    if (b.open()) return "open";
    return switch (b.endedBy()) {
      case "recovered" -> "recovered";
      case "evicted" -> "evicted";
      default -> switch ((int) c.code()) {
        case 4008 -> "evicted";
        case 4009 -> "closed by keepalive";
        case 4010 -> "disconnected";
        default -> c.closed() != null && !ClosedBy.byRelay(c.closed()) ? "closed by client" : "closed";
      };
    };
  }

  /** The outcome in the console's words: {@code evicted (4008)}, {@code closed by keepalive (4009)}, {@code recovered}… */
  public String outcomeWords() {
    return switch (outcome) {
      case "open" -> "still " + states.get(states.size() - 1);
      case "recovered", "closed by client" -> outcome;
      default -> ClientWords.closed(closeCode);
    };
  }

  /**
   * One line for every rendering, naming the client as {@code who}: {@code c4 LAGGING → NOT READING
   * from 19:48:13.080 to 19:48:24.700 (11.6 s), evicted (4008)}. Text from the journal is the caller's to
   * make safe for its medium.
   */
  public String describe(String who) {
    String span = open() ? "from " + time(startMillis) + ", " + outcomeWords()
        : "from " + time(startMillis) + " to " + time(endMillis) + " (" + MarkdownReport.ms(endMillis - startMillis) + "), " + outcomeWords();
    return who + " " + String.join(" → ", states) + " " + span;
  }

  static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }
}
