package io.relayscope.ui.timeline;

import io.relayscope.export.Block;
import io.relayscope.export.BlockTracker;
import io.relayscope.export.ClientWords;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.journal.JournalReader.Loaded.RunFact;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The facts behind the timeline, turned into lanes of marks and a list of incidents. Pure data,
 * built off the FX thread for loaded journals and incrementally for live facts.
 *
 * <p>Lanes: {@code ingest:<machine>} (events by machine and type, rejected input on
 * {@code ingest:rejected}), {@code client:<id>} (sends, LAGGING / NOT READING spans, eviction, close), and
 * {@code keepalive:<id>} (pings, pongs, missed pongs).
 */
final class TimelineData {
  /** Ingest counts as silent after this long without events while machines are active. */
  static final long SILENCE_MILLIS = 30_000;
  /** This many rejected inputs within a second is a burst. */
  static final int REJECT_BURST = 5;

  private final List<RunFact> facts = new ArrayList<>();
  private final List<Mark> marks = new ArrayList<>();
  private final List<Incident> incidents = new ArrayList<>();
  private final LinkedHashSet<String> lanes = new LinkedHashSet<>();
  private final Map<String, BlockTracker> blockTrackers = new HashMap<>();
  private final Map<String, JournalFact> blockFacts = new HashMap<>();
  /** Per client lane, the index of its incident still going on (flagged, not yet recovered or gone). */
  private final Map<String, Integer> openIncidents = new HashMap<>();
  /** Rejections of the last second: {time, inputs} (a summary fact stands for many). */
  private final ArrayList<long[]> recentRejects = new ArrayList<>();
  private final Map<String, Integer> runs = new HashMap<>();
  private long lastEventMillis;
  private boolean machinesActive;
  private long lastBurstMillis = Long.MIN_VALUE;
  private long firstMillis = Long.MAX_VALUE;
  private long lastMillis = Long.MIN_VALUE;

  static TimelineData of(List<RunFact> facts) {
    var d = new TimelineData();
    facts.forEach(d::add);
    return d;
  }

  void add(RunFact rf) {
    facts.add(rf);
    JournalFact f = rf.fact();
    long at = f.atMillis();
    firstMillis = Math.min(firstMillis, at);
    lastMillis = Math.max(lastMillis, at);
    String who = f.subject() + runSuffix(f.run().known() ? f.run().id() : rf.run());
    String client = "client:" + who;
    String keepalive = "keepalive:" + who;
    switch (f.kind()) {
      case EVENT_RECEIVED -> {
        if (machinesActive && lastEventMillis > 0 && at - lastEventMillis > SILENCE_MILLIS) {
          incidents.add(new Incident(lastEventMillis + SILENCE_MILLIS, "ingest", "ingest silent for "
              + (at - lastEventMillis) / 1000 + " s while machines were active"));
        }
        lastEventMillis = at;
        String type = str(f, "type");
        if ("machine_registered".equals(type) || "state_change".equals(type)) machinesActive = true;
        if ("machine_terminated".equals(type)) machinesActive = false;
        point("ingest:" + (f.fields().containsKey("machine") ? str(f, "machine") : f.subject()), f, Mark.Kind.EVENT,
            type + ": " + str(f, "summary"));
      }
      case INPUT_REJECTED -> {
        long n = f.fields().get("count") instanceof Number c ? Math.max(1, c.longValue()) : 1;
        point("ingest:rejected", f, Mark.Kind.REJECTED, n > 1
            ? n + " rejected (" + str(f, "reason") + "), last: " + str(f, "detail")
            : "rejected (" + str(f, "reason") + "): " + str(f, "detail"));
        recentRejects.add(new long[] {at, n});
        recentRejects.removeIf(r -> at - r[0] > 1000);
        long inSecond = recentRejects.stream().mapToLong(r -> r[1]).sum();
        if (inSecond >= REJECT_BURST && (lastBurstMillis == Long.MIN_VALUE || at - lastBurstMillis > 1000)) {
          lastBurstMillis = at;
          incidents.add(new Incident(at, "ingest:rejected", inSecond + " inputs rejected within a second"));
        }
      }
      case CLIENT_CONNECTED -> point(client, f, Mark.Kind.CONNECTED, "connected from " + str(f, "remote"));
      case SENDS -> point(client, f, Mark.Kind.SEND, str(f, "frames") + " frames, " + str(f, "bytes") + " bytes, slowest "
          + str(f, "max_latency_ms") + " ms");
      case SLOW_SEND -> {
        long latency = (long) dbl(f, "latency_ms");
        marks.add(new Mark(lane(client), at - latency, at, Mark.Kind.SLOW_SEND, f, "send took " + latency + " ms"));
      }
      case CLIENT_LAGGING, CLIENT_NOT_READING -> {
        // One definition of a block, shared with the incident report (export.BlockTracker).
        String key = f.run().id() + "/" + lane(client);
        blockTrackers.computeIfAbsent(key, k -> new BlockTracker(f.subject())).accept(f);
        blockFacts.putIfAbsent(key, f);
        var kind = f.kind() == FactKind.CLIENT_LAGGING ? Mark.Kind.SLOW_SPAN : Mark.Kind.STALLED_SPAN;
        String state = kind == Mark.Kind.SLOW_SPAN ? "LAGGING" : "NOT READING";
        incident(client, at, f.subject() + " " + state);
      }
      case CLIENT_RECOVERED -> {
        endBlock(client, f);
        openIncidents.remove(client);
      }
      case CLIENT_EVICTED -> {
        endBlock(client, f);
        point(client, f, Mark.Kind.EVICTED, ClientWords.closed(4008) + ": " + str(f, "reason"));
        incident(client, at, f.subject() + " " + ClientWords.closed(4008) + ": " + str(f, "reason"));
        openIncidents.remove(client);
      }
      case CLIENT_CLOSED -> {
        endBlock(client, f);
        point(client, f, Mark.Kind.CLOSED, "closed " + str(f, "code") + (str(f, "reason").isEmpty() ? "" : " (" + str(f, "reason") + ")"));
        // A flagged client that goes another way (keepalive, operator) ends its incident too.
        if (openIncidents.containsKey(client)) incident(client, at, f.subject() + " " + ClientWords.closed((long) dbl(f, "code")));
        openIncidents.remove(client);
      }
      case PING_SENT -> point(keepalive, f, Mark.Kind.PING, "ping sent");
      case PONG_RECEIVED -> point(keepalive, f, Mark.Kind.PONG, "pong, RTT " + str(f, "rtt_ms") + " ms");
      case PONG_MISSED -> {
        point(keepalive, f, Mark.Kind.PONG_MISSED, "no pong for " + str(f, "silence_ms") + " ms");
        if (Boolean.TRUE.equals(f.fields().get("closing"))) {
          // A flagged client that keepalive now closes: the same episode, not a second incident.
          // Said as its close will be, so the close that follows adds nothing.
          if (openIncidents.containsKey(client)) incident(client, at, f.subject() + " " + ClientWords.closed(4009));
          else incidents.add(new Incident(at, keepalive, f.subject() + ": " + ClientWords.closed(4009)));
        }
      }
      default -> { }
    }
  }

  /**
   * One incident per episode of a client: LAGGING, then NOT READING, then evicted is one entry (at
   * its start, saying how it went on), not three.
   */
  private void incident(String client, long at, String what) {
    Integer open = openIncidents.get(client);
    if (open == null) {
      openIncidents.put(client, incidents.size());
      incidents.add(new Incident(at, client, what));
    } else {
      Incident first = incidents.get(open);
      String next = what.substring(what.indexOf(' ') + 1);
      // Said once: "NOT READING → closed 4009", not "NOT READING → NOT READING → …".
      String told = first.what().endsWith(next) ? first.what() : first.what() + " → " + next;
      incidents.set(open, new Incident(first.atMillis(), Math.max(first.endMillis(), at), client, told));
    }
  }

  /**
   * "" for the first relay run seen, "@run2", "@run3"… for later ones: client ids restart with each
   * run, so a journal that spans a restart has a c1 per run, each on its own lane.
   */
  private String runSuffix(String run) {
    if (run == null || run.isEmpty()) return "";
    int n = runs.computeIfAbsent(run, k -> runs.size() + 1);
    return n == 1 ? "" : "@run" + n;
  }

  private void point(String lane, JournalFact f, Mark.Kind kind, String label) {
    marks.add(new Mark(lane(lane), f.atMillis(), f.atMillis(), kind, f, label));
  }

  private String lane(String name) {
    lanes.add(name);
    return name;
  }

  private void endBlock(String client, JournalFact f) {
    String key = f.run().id() + "/" + client;
    BlockTracker t = blockTrackers.get(key);
    Block b = t == null ? null : t.accept(f);
    if (b != null) blockMarks(client, b, blockFacts.remove(key)).forEach(marks::add);
  }

  /**
   * A block as spans: LAGGING from its start until the relay found it NOT READING, NOT READING from
   * there to its end; each labelled with the relay's why, when the fact gives one.
   */
  private static List<Mark> blockMarks(String lane, Block b, JournalFact fact) {
    long end = Math.max(b.endMillis(), b.startMillis() + 1);
    String why = fact == null ? "" : str(fact, "why");
    String suffix = why.isEmpty() ? "" : ": " + why;
    if (!b.stalled()) return List.of(new Mark(lane, b.startMillis(), end, Mark.Kind.SLOW_SPAN, fact, "LAGGING" + suffix));
    long stall = Math.min(b.stallStartMillis(), end - 1);
    var out = new ArrayList<Mark>(2);
    if (stall > b.startMillis()) out.add(new Mark(lane, b.startMillis(), stall, Mark.Kind.SLOW_SPAN, fact, "LAGGING" + suffix));
    out.add(new Mark(lane, stall, end, Mark.Kind.STALLED_SPAN, fact, "NOT READING" + suffix));
    return out;
  }

  /** Marks, with spans still open drawn up to {@code nowMillis}. */
  List<Mark> marks(long nowMillis) {
    var out = new ArrayList<Mark>(marks.size() + blockTrackers.size());
    out.addAll(marks);
    for (var e : blockTrackers.entrySet()) {
      Block open = e.getValue().open(nowMillis);
      if (open != null) out.addAll(blockMarks(e.getKey().substring(e.getKey().indexOf('/') + 1), open, blockFacts.get(e.getKey())));
    }
    return out;
  }

  List<Incident> incidents() {
    return List.copyOf(incidents);
  }

  /** Lanes in a stable order: ingest first, then each client followed by its keepalive lane. */
  List<String> lanes() {
    var ingest = new ArrayList<String>();
    var clients = new ArrayList<String>();
    for (String l : lanes) {
      if (l.startsWith("ingest:")) ingest.add(l);
      else if (l.startsWith("client:")) clients.add(l);
    }
    var out = new ArrayList<String>(ingest);
    for (String c : clients) {
      out.add(c);
      String ka = "keepalive:" + c.substring("client:".length());
      if (lanes.contains(ka)) out.add(ka);
    }
    for (String l : lanes) if (!out.contains(l)) out.add(l);
    return out;
  }

  List<RunFact> facts() {
    return List.copyOf(facts);
  }

  List<RunFact> factsBetween(long from, long to) {
    return facts.stream().filter(r -> r.fact().atMillis() >= from && r.fact().atMillis() < to).toList();
  }

  long firstMillis() {
    return firstMillis == Long.MAX_VALUE ? System.currentTimeMillis() : firstMillis;
  }

  long lastMillis() {
    return lastMillis == Long.MIN_VALUE ? System.currentTimeMillis() : lastMillis;
  }

  int size() {
    return facts.size();
  }

  private static String str(JournalFact f, String key) {
    Object v = f.fields().get(key);
    return v == null ? "" : String.valueOf(v);
  }

  private static double dbl(JournalFact f, String key) {
    Object v = f.fields().get(key);
    return v instanceof Number n ? n.doubleValue() : 0;
  }
}
