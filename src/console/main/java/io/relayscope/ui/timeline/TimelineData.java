package io.relayscope.ui.timeline;

import io.relayscope.export.Block;
import io.relayscope.export.BlockTracker;
import io.relayscope.export.ClientIncident;
import io.relayscope.export.ClientWords;
import io.relayscope.export.IncidentAnalysis;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.journal.JournalReader.Loaded.RunFact;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The facts behind the timeline, turned into lanes of marks and a list of incidents. Pure data,
 * built off the FX thread for loaded journals and incrementally for live facts. Clients' incidents
 * are the export's ({@link IncidentAnalysis#incidents}): one per episode, blips aside, dated where the
 * relay dated it; the list adds the ingest's moments and the relay's own pauses, on their lanes.
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
  /** What the analysis needs for clients' incidents: their state facts and each run's bounds. */
  private final List<JournalFact> clientFacts = new ArrayList<>();
  private final Map<String, JournalFact> firstOfRun = new HashMap<>();
  private final Map<String, JournalFact> lastOfRun = new HashMap<>();
  private List<Incident> clientIncidents = List.of();
  private boolean clientsChanged;
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
    firstOfRun.putIfAbsent(f.run().id(), f);
    lastOfRun.put(f.run().id(), f);
    if (forAnalysis(f)) {
      clientFacts.add(f);
      clientsChanged = true;
    }
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
      }
      case CLIENT_RECOVERED -> endBlock(client, f);
      case CLIENT_EVICTED -> {
        endBlock(client, f);
        point(client, f, Mark.Kind.EVICTED, ClientWords.closed(4008) + ": " + str(f, "reason"));
      }
      case CLIENT_CLOSED -> {
        endBlock(client, f);
        point(client, f, Mark.Kind.CLOSED, "closed " + str(f, "code") + (str(f, "reason").isEmpty() ? "" : " (" + str(f, "reason") + ")"));
      }
      case RELAY_PAUSED -> incidents.add(new Incident(at - (long) dbl(f, "paused_ms"), at, "relay",
          "relay paused " + str(f, "paused_ms") + " ms (the relay's own threads were late; no client is blamed)"));
      case PING_SENT -> point(keepalive, f, Mark.Kind.PING, "ping sent");
      case PONG_RECEIVED -> point(keepalive, f, Mark.Kind.PONG, "pong, RTT " + str(f, "rtt_ms") + " ms");
      case PONG_MISSED -> point(keepalive, f, Mark.Kind.PONG_MISSED, "no pong for " + str(f, "silence_ms") + " ms");
      default -> { }
    }
  }

  private static boolean forAnalysis(JournalFact f) {
    return switch (f.kind()) {
      case CLIENT_CONNECTED, CLIENT_LAGGING, CLIENT_NOT_READING, CLIENT_RECOVERED, CLIENT_EVICTED, CLIENT_CLOSED, DISCONNECT_REQUESTED,
          PONG_MISSED, RELAY_STARTED, RELAY_STOPPED -> true;
      default -> false;
    };
  }

  /**
   * Clients' incidents as the export's analysis finds them, over every fact seen: recomputed only
   * when a client's state changed. An episode still open is drawn to the newest fact.
   */
  private List<Incident> clientIncidents() {
    if (!clientsChanged) return clientIncidents;
    clientsChanged = false;
    var input = new ArrayList<JournalFact>(clientFacts);
    input.addAll(firstOfRun.values()); // each run's bounds, as the whole journal has them
    input.addAll(lastOfRun.values());
    var a = IncidentAnalysis.of(input.stream().distinct().toList(), Long.MIN_VALUE, Long.MAX_VALUE);
    var out = new ArrayList<Incident>();
    for (ClientIncident i : a.incidents()) {
      String who = i.clientId() + runSuffix(i.run());
      out.add(new Incident(i.startMillis(), i.open() ? Math.max(i.startMillis(), lastMillis) : i.endMillis(), "client:" + who,
          i.describe(who)));
    }
    clientIncidents = List.copyOf(out);
    return clientIncidents;
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
    if (!b.stalled()) return List.of(new Mark(lane, b.startMillis(), end, Mark.Kind.LAGGING_SPAN, fact, "LAGGING" + suffix));
    long stall = Math.min(b.stallStartMillis(), end - 1);
    var out = new ArrayList<Mark>(2);
    if (stall > b.startMillis()) out.add(new Mark(lane, b.startMillis(), stall, Mark.Kind.LAGGING_SPAN, fact, "LAGGING" + suffix));
    out.add(new Mark(lane, stall, end, Mark.Kind.NOT_READING_SPAN, fact, "NOT READING" + suffix));
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

  /** Every incident, oldest first: clients' (the analysis's), then the ingest's and the relay's. */
  List<Incident> incidents() {
    var out = new ArrayList<Incident>(clientIncidents());
    out.addAll(incidents);
    out.sort(Comparator.comparingLong(Incident::atMillis));
    return List.copyOf(out);
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
