package io.relayscope.export;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Finds incidents in a journal: moments where a client fell behind or was cut off, input was
 * refused, or a run ended without a stop. Facts closer than {@link #GAP_MILLIS} form one incident;
 * its window runs from {@link #MARGIN_MILLIS} before the first to as long after the last — once the
 * journal holds those {@link #MARGIN_MILLIS}. Until then (a relay still running, the incident just
 * over) it ends with the incident's own last fact (its last mark, or the close of a client it
 * involves): a closed window, never in the future, the same however often it is exported meanwhile.
 */
public final class Incidents {
  static final long GAP_MILLIS = 60_000;
  static final long MARGIN_MILLIS = 10_000;

  /** One incident: its window and what it was about, in a line. */
  public record Window(long fromMillis, long toMillis, String what, int facts) {}

  private Incidents() {}

  /** Whether a fact marks an incident. */
  public static boolean significant(JournalFact f) {
    return switch (f.kind()) {
      case CLIENT_LAGGING, CLIENT_NOT_READING, CLIENT_EVICTED, DISCONNECT_REQUESTED, INGEST_WARNING, STREAM_DISCONNECTED -> true;
      case PONG_MISSED -> Boolean.TRUE.equals(f.fields().get("closing"));
      case INPUT_REJECTED -> "handoff_full".equals(IncidentAnalysis.str(f, "reason"));
      default -> false;
    };
  }

  /** Incidents, oldest first. A run that ended without a stop counts at its last fact. */
  public static List<Window> find(List<JournalFact> facts) {
    var marks = new ArrayList<JournalFact>();
    var lastOfRun = new LinkedHashMap<String, JournalFact>();
    var stopped = new HashSet<String>();
    long lastFact = Long.MIN_VALUE;
    for (JournalFact f : facts) {
      lastFact = Math.max(lastFact, f.atMillis());
      if (significant(f)) marks.add(f);
      if (f.kind() == FactKind.RELAY_STOPPED) stopped.add(f.run().id());
      lastOfRun.merge(f.run().id(), f, (a, b) -> b.atMillis() >= a.atMillis() ? b : a);
    }
    // A run that ended without RELAY_STOPPED crashed or was killed — if a later run followed it.
    var runs = new ArrayList<>(lastOfRun.values());
    runs.sort(Comparator.comparingLong(JournalFact::atMillis));
    for (int i = 0; i < runs.size() - 1; i++) {
      if (!stopped.contains(runs.get(i).run().id())) marks.add(runs.get(i));
    }
    marks.sort(Comparator.comparingLong(JournalFact::atMillis));
    var out = new ArrayList<Window>();
    int i = 0;
    while (i < marks.size()) {
      int j = i;
      while (j + 1 < marks.size() && marks.get(j + 1).atMillis() - marks.get(j).atMillis() <= GAP_MILLIS) j++;
      long first = marks.get(i).atMillis();
      for (int k = i; k <= j; k++) {
        JournalFact m = marks.get(k);
        if (m.kind() == FactKind.CLIENT_LAGGING || m.kind() == FactKind.CLIENT_NOT_READING) first = Math.min(first, BlockTracker.startOf(m));
      }
      long lastMark = marks.get(j).atMillis();
      long end = lastMark + MARGIN_MILLIS <= lastFact ? lastMark + MARGIN_MILLIS : ownEnd(facts, marks.subList(i, j + 1), lastMark) + 1;
      out.add(new Window(first - MARGIN_MILLIS, end, describe(marks.subList(i, j + 1), stopped), j - i + 1));
      i = j + 1;
    }
    return out;
  }

  /** The incident's last fact: its last mark, or a later close of a client it marks (an eviction's close comes after it). */
  private static long ownEnd(List<JournalFact> facts, List<JournalFact> marks, long lastMark) {
    var clients = new HashSet<String>();
    for (JournalFact m : marks) clients.add(m.run().id() + "/" + m.subject());
    long end = lastMark;
    for (JournalFact f : facts) {
      if (f.kind() == FactKind.CLIENT_CLOSED && f.atMillis() >= lastMark && f.atMillis() < lastMark + MARGIN_MILLIS
          && clients.contains(f.run().id() + "/" + f.subject())) end = Math.max(end, f.atMillis());
    }
    return end;
  }

  private static String describe(List<JournalFact> marks, Set<String> stopped) {
    long evicted = marks.stream().filter(f -> f.kind() == FactKind.CLIENT_EVICTED).count();
    long keepalive = marks.stream().filter(f -> f.kind() == FactKind.PONG_MISSED).count();
    long operator = marks.stream().filter(f -> f.kind() == FactKind.DISCONNECT_REQUESTED).count();
    long flagged = marks.stream().filter(f -> f.kind() == FactKind.CLIENT_LAGGING || f.kind() == FactKind.CLIENT_NOT_READING)
        .map(JournalFact::subject).distinct().count();
    long handoff = marks.stream().filter(f -> f.kind() == FactKind.INPUT_REJECTED).mapToLong(f -> Math.max(1, IncidentAnalysis.num(f, "count"))).sum();
    long crashes = marks.stream().filter(f -> !significant(f)).count();
    var parts = new ArrayList<String>();
    if (evicted > 0) parts.add(evicted + " " + ClientWords.closed(4008));
    if (keepalive > 0) parts.add(keepalive + " " + ClientWords.closed(4009));
    if (operator > 0) parts.add(operator + " " + ClientWords.closed(4010));
    if (flagged > 0) parts.add(flagged + " client(s) " + ClientWords.BEHIND);
    if (handoff > 0) parts.add(handoff + " inputs refused at the hand-off");
    if (crashes > 0) parts.add(crashes + " run(s) ended without a stop");
    if (parts.isEmpty()) parts.add("ingest warnings");
    return String.join(", ", parts);
  }
}
