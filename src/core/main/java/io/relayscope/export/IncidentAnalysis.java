package io.relayscope.export;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a window of the journal says happened — the one analysis behind every export (Markdown,
 * JSON, CSV, PNG) from the console and the command line alike.
 *
 * <p>It is given every fact of the runs that touch the window, and reads those before the window's
 * end: a client's delivery is judged from its life up to then (its join, what it was sent, how it
 * ended), so numbers do not change with where the window's start falls; nothing after the end
 * counts, so a closed window reads the same whenever it is exported, even from a relay still
 * writing its journal. Clients are named per run ({@link ClientKey}): client and fact ids restart
 * with each run.
 *
 * <p>{@code incidents}: one per client episode that touches the window, blips aside
 * ({@link ClientIncident#counts}); every rendering lists these. {@code relayPauses}: the relay's own
 * pauses ({@code RELAY_PAUSED}), never a client's incident.
 */
public record IncidentAnalysis(
    long fromMillis,
    long toMillis,
    List<Run> runs,
    List<JournalFact> facts,
    List<Emission> emissions,
    List<ClientTimeline> clients,
    List<Block> blocks,
    List<ClientIncident> incidents,
    List<JournalFact> relayPauses,
    Metrics metrics) {

  /** A relay run that has facts in the window. {@code ordinal} counts runs in the report, from 1. */
  public record Run(String id, int ordinal, long startedAtMillis, long firstFactMillis, long lastFactMillis,
      long stoppedAtMillis, long lastSeq) {
    public boolean stopped() {
      return stoppedAtMillis >= 0;
    }
  }

  /** A client of one run. */
  public record ClientKey(String run, String id) {}

  /** One event as the relay received it. */
  public record Emission(String run, long atMillis, long seq, String machine, String type, String summary, long bytes) {
    /** Activity logs at debug level: high volume, folded into a count in reports. */
    public boolean debug() {
      return "activity_log".equals(type) && summary.startsWith("[debug]");
    }
  }

  /**
   * One client through its life. Delivery: it should have got the events after {@code fromSeq} up to
   * its end (or the window's end), {@code got} of them reached the kernel for it, {@code missed} never
   * will; {@code pending} were still on their way when the journal ends (it is still connected).
   * {@code maxSendMillis}: its slowest send within the window (the SENDS facts dated in it).
   */
  public record ClientTimeline(
      ClientKey key,
      String label,
      long connectedAtMillis,
      long endMillis,
      String end,
      long fromSeq,
      boolean fromSeqExact,
      long framesSent,
      long bytesSent,
      double maxSendMillis,
      long lastSeq,
      long shouldHaveGot,
      long got,
      long missed,
      long pending,
      long droppedFrames,
      List<JournalFact> slowSends,
      List<Block> blocks,
      JournalFact evicted,
      JournalFact closed,
      JournalFact disconnectRequested,
      JournalFact pongClosing) {

    public String id() {
      return key.id();
    }

    /**
     * Lost to a fault: evicted as too slow, closed by keepalive, its run ended under it, or another close
     * the relay made for a fault (a policy close). Not lost: a client that left (its Close, or its
     * connection ending with none), or one an operator disconnected on purpose.
     */
    public boolean lost() {
      if (evicted != null || pongClosing != null || end.equals(END_RUN_ENDED)) return true;
      if (closed == null || disconnectRequested != null) return false;
      long code = code();
      return ClosedBy.byRelay(closed) && code != 1000 && code != 1001 && code != 4010;
    }

    public boolean receivedEveryEvent() {
      return missed == 0 && pending == 0;
    }

    public long code() {
      return closed == null ? -1 : num(closed, "code");
    }
  }

  static final String END_CONNECTED = "still connected";
  static final String END_RUN_ENDED = "its relay run ended without a stop";
  /** Evicted, its connection's end not in the journal yet (the Close has a grace period): it gets nothing more. */
  static final String END_EVICTED = "evicted, its close not yet recorded";

  /** The report's headline figures. */
  public record Metrics(
      long events,
      long debugEvents,
      double longestBlockMillis,
      String longestBlockClient,
      long framesDroppedWithEvictedClients,
      long framesDropped,
      int clientsLost,
      long inputsNotTakenIn,
      long eventsMissedByClients,
      long messagesLost,
      List<String> clientsWithEveryEvent,
      List<String> clientsMissingEvents,
      long rejectedInputs,
      int restarts,
      double slowestHealthySendMillis) {}

  /** Analyses {@code facts} (every fact of the runs to consider, any order) for the window {@code [from, to)}. */
  public static IncidentAnalysis of(List<JournalFact> facts, long fromMillis, long toMillis) {
    var byRun = new LinkedHashMap<String, List<JournalFact>>();
    for (JournalFact f : facts) if (f.atMillis() < toMillis) byRun.computeIfAbsent(f.run().id(), r -> new ArrayList<>()).add(f);
    // Runs that touch the window, in start order.
    var runFacts = new ArrayList<List<JournalFact>>();
    for (List<JournalFact> list : byRun.values()) {
      list.sort(Comparator.comparingLong(JournalFact::id));
      long first = list.stream().mapToLong(JournalFact::atMillis).min().orElse(0);
      long last = list.stream().mapToLong(JournalFact::atMillis).max().orElse(0);
      if (last >= fromMillis && first < toMillis) runFacts.add(list);
    }
    runFacts.sort(Comparator.comparingLong((List<JournalFact> l) -> l.get(0).run().startedAtMillis())
        .thenComparingLong(l -> l.get(0).atMillis()));
    boolean severalRuns = runFacts.size() > 1;

    var runs = new ArrayList<Run>();
    var window = new ArrayList<JournalFact>();
    var emissions = new ArrayList<Emission>();
    var clients = new ArrayList<ClientTimeline>();
    var blocks = new ArrayList<Block>();
    long handoff = 0;
    long rejected = 0;
    int ordinal = 0;
    for (List<JournalFact> list : runFacts) {
      ordinal++;
      var run = analyseRun(list, ordinal, severalRuns, fromMillis, toMillis, runFacts.size() == ordinal);
      runs.add(run.run);
      clients.addAll(run.clients);
      for (JournalFact f : list) {
        if (f.atMillis() < fromMillis || f.atMillis() >= toMillis) continue;
        window.add(f);
        if (f.kind() == FactKind.EVENT_RECEIVED) {
          emissions.add(new Emission(f.run().id(), f.atMillis(), num(f, "seq"), str(f, "machine"), str(f, "type"),
              str(f, "summary"), num(f, "bytes")));
        } else if (f.kind() == FactKind.INPUT_REJECTED) {
          if ("handoff_full".equals(str(f, "reason"))) handoff += Math.max(1, num(f, "count"));
          else rejected += Math.max(1, num(f, "count")); // a summary fact counts the inputs it stands for
        }
      }
    }
    window.sort(Comparator.comparingLong(JournalFact::atMillis));
    emissions.sort(Comparator.comparingLong(Emission::atMillis));

    double longest = 0;
    String longestClient = null;
    long droppedEvicted = 0;
    long dropped = 0;
    long missed = 0;
    double slowestHealthy = 0;
    var incidents = new ArrayList<ClientIncident>();
    var every = new ArrayList<String>();
    var missing = new ArrayList<String>();
    for (ClientTimeline c : clients) {
      for (Block b : c.blocks()) {
        if (b.endMillis() < fromMillis || b.startMillis() >= toMillis) continue;
        blocks.add(b);
        if (ClientIncident.counts(b)) incidents.add(ClientIncident.of(b, c));
        if (b.millis() > longest) {
          longest = b.millis();
          longestClient = c.label();
        }
      }
      for (JournalFact s : c.slowSends()) {
        if (s.atMillis() >= fromMillis && s.atMillis() < toMillis && dbl(s, "latency_ms") > longest) {
          longest = dbl(s, "latency_ms");
          longestClient = c.label();
        }
      }
      dropped += c.droppedFrames();
      if (c.evicted() != null) droppedEvicted += c.droppedFrames();
      missed += c.missed();
      if (c.receivedEveryEvent()) every.add(c.label());
      else missing.add(c.label());
      if (!c.lost() && c.blocks().stream().noneMatch(ClientIncident::counts)) slowestHealthy = Math.max(slowestHealthy, c.maxSendMillis());
    }
    blocks.sort(Comparator.comparingLong(Block::startMillis));
    incidents.sort(Comparator.comparingLong(ClientIncident::startMillis));
    var pauses = window.stream().filter(f -> f.kind() == FactKind.RELAY_PAUSED).toList();
    int lost = (int) clients.stream().filter(ClientTimeline::lost).count();
    long debug = emissions.stream().filter(Emission::debug).count();
    var metrics = new Metrics(emissions.size(), debug, longest, longestClient, droppedEvicted, dropped, lost, handoff, missed,
        handoff + missed, every, missing, rejected, Math.max(0, runs.size() - 1), slowestHealthy);
    return new IncidentAnalysis(fromMillis, toMillis, List.copyOf(runs), List.copyOf(window), List.copyOf(emissions),
        List.copyOf(clients), List.copyOf(blocks), List.copyOf(incidents), pauses, metrics);
  }

  private record RunResult(Run run, List<ClientTimeline> clients) {}

  /** One run's facts in journal order (by id): the run's outline and its clients that touch the window. */
  private static RunResult analyseRun(List<JournalFact> list, int ordinal, boolean severalRuns, long from, long to,
      boolean latestRun) {
    var builders = new LinkedHashMap<String, ClientBuilder>();
    long lastEventSeq = 0;
    long windowEndSeq = 0;
    long stoppedAt = -1;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (JournalFact f : list) {
      first = Math.min(first, f.atMillis());
      last = Math.max(last, f.atMillis());
      switch (f.kind()) {
        case EVENT_RECEIVED -> {
          lastEventSeq = Math.max(lastEventSeq, num(f, "seq"));
          if (f.atMillis() < to) windowEndSeq = lastEventSeq;
        }
        case RELAY_STOPPED -> stoppedAt = f.atMillis();
        case CLIENT_CONNECTED -> {
          var c = client(builders, f);
          c.connectedAt = f.atMillis();
          c.fromSeq = lastEventSeq; // refined below by the close's from_seq, or a resume
        }
        case CLIENT_RESUMED -> {
          if (!Boolean.TRUE.equals(f.fields().get("gap"))) client(builders, f).fromSeq = num(f, "since");
        }
        case SENDS -> client(builders, f).sends(f, lastEventSeq, f.atMillis() >= from && f.atMillis() < to);
        case SLOW_SEND -> client(builders, f).slowSends.add(f);
        case CLIENT_LAGGING, CLIENT_NOT_READING, CLIENT_RECOVERED -> client(builders, f).block(f);
        case CLIENT_EVICTED -> {
          var c = client(builders, f);
          c.evicted = f;
          c.block(f);
          c.endSeq = lastEventSeq; // it gets nothing after this; the close, when recorded, says the same
          c.lastSeq = Math.max(c.lastSeq, num(f, "last_seq"));
        }
        case DISCONNECT_REQUESTED -> client(builders, f).disconnect = f;
        case PONG_MISSED -> {
          if (Boolean.TRUE.equals(f.fields().get("closing"))) client(builders, f).pongClosing = f;
        }
        case CLIENT_CLOSED -> {
          var c = client(builders, f);
          c.closed = f;
          c.block(f);
          c.endSeq = lastEventSeq;
          c.lastSeq = Math.max(c.lastSeq, num(f, "last_seq"));
          if (f.fields().get("from_seq") instanceof Number n && n.longValue() >= 0) {
            c.fromSeq = n.longValue();
            c.fromSeqExact = true;
          }
        }
        default -> { }
      }
    }
    String runId = list.get(0).run().id();
    long started = list.get(0).run().startedAtMillis() > 0 ? list.get(0).run().startedAtMillis() : first;
    var run = new Run(runId, ordinal, started, first, last, stoppedAt, lastEventSeq);
    var clients = new ArrayList<ClientTimeline>();
    for (ClientBuilder b : builders.values()) {
      if (b.connectedAt == 0 && b.closed == null && b.sendsFacts == 0) continue; // refused or stray subject
      String end;
      long endMillis;
      if (b.closed != null) {
        end = "closed";
        endMillis = b.closed.atMillis();
      } else if (!latestRun || stoppedAt >= 0) {
        end = END_RUN_ENDED;
        endMillis = last;
      } else if (b.evicted != null) {
        end = END_EVICTED;
        endMillis = b.evicted.atMillis();
      } else {
        end = END_CONNECTED;
        endMillis = Long.MAX_VALUE;
      }
      long start = b.connectedAt > 0 ? b.connectedAt : first;
      if (endMillis < from || start >= to) continue; // not in the window
      // Still connected at the window's end: its episode is open, not ended by the edge.
      if (end.equals(END_CONNECTED)) b.openBlock(last);
      else b.finishBlock(Math.min(endMillis, last), b.closed != null ? "closed" : end);
      String label = severalRuns ? b.id + "@run" + ordinal : b.id;
      clients.add(b.build(new ClientKey(runId, b.id), label, end, endMillis, windowEndSeq));
    }
    return new RunResult(run, clients);
  }

  private static ClientBuilder client(Map<String, ClientBuilder> builders, JournalFact f) {
    return builders.computeIfAbsent(f.subject(), ClientBuilder::new);
  }

  static long num(JournalFact f, String key) {
    Object v = f.fields().get(key);
    return v instanceof Number n ? n.longValue() : 0;
  }

  static double dbl(JournalFact f, String key) {
    Object v = f.fields().get(key);
    return v instanceof Number n ? n.doubleValue() : 0;
  }

  static String str(JournalFact f, String key) {
    Object v = f.fields().get(key);
    return v == null ? "" : String.valueOf(v);
  }

  private static final class ClientBuilder {
    final String id;
    final BlockTracker tracker;
    final List<Block> blocks = new ArrayList<>();
    final List<JournalFact> slowSends = new ArrayList<>();
    long connectedAt;
    long fromSeq;
    boolean fromSeqExact;
    long frames;
    long bytes;
    double maxSend;
    long lastSeq;
    long endSeq = -1;
    long seqAtLastSends;
    int sendsFacts;
    JournalFact evicted;
    JournalFact closed;
    JournalFact disconnect;
    JournalFact pongClosing;

    ClientBuilder(String id) {
      this.id = id;
      this.tracker = new BlockTracker(id);
    }

    /**
     * {@code inWindow}: its frames, bytes and slowest send count (a report's figures come from the facts
     * of its window: a client's whole life once showed "804 frames" beside 82 events in the window).
     */
    void sends(JournalFact f, long relaySeq, boolean inWindow) {
      sendsFacts++;
      if (inWindow) {
        frames += num(f, "frames");
        bytes += num(f, "bytes");
        maxSend = Math.max(maxSend, dbl(f, "max_latency_ms"));
      }
      lastSeq = Math.max(lastSeq, num(f, "last_seq"));
      seqAtLastSends = relaySeq;
    }

    void block(JournalFact f) {
      Block b = tracker.accept(f);
      if (b != null) blocks.add(b);
    }

    void openBlock(long at) {
      Block b = tracker.open(at);
      if (b != null) blocks.add(b);
    }

    void finishBlock(long at, String why) {
      Block b = tracker.end(at, why);
      if (b != null) blocks.add(b);
    }

    ClientTimeline build(ClientKey key, String label, String end, long endMillis, long windowEndSeq) {
      long lastKnown = Math.max(lastSeq, fromSeq);
      long should;
      long got;
      long missed;
      long pending;
      if (closed != null || end.equals(END_EVICTED)) {
        // Ended (an eviction ends it before its close is recorded): what it should have had by its end
        // (or the window's), against what reached it.
        long due = Math.min(endSeq, windowEndSeq);
        should = Math.max(0, due - fromSeq);
        got = Math.max(0, Math.min(lastKnown, due) - fromSeq);
        missed = should - got;
        pending = 0;
      } else {
        // No close on record: whatever it had not been sent at its last report is unknown, not lost
        // — unless its run ended under it.
        long due = Math.min(seqAtLastSends > 0 ? seqAtLastSends : fromSeq, windowEndSeq);
        should = Math.max(0, due - fromSeq);
        got = Math.max(0, Math.min(lastKnown, due) - fromSeq);
        if (end.equals(END_RUN_ENDED)) {
          missed = should - got;
          pending = 0;
        } else {
          missed = 0;
          pending = should - got;
        }
      }
      long framesSent = frames; // in the window (the close's frames_sent is the client's whole life)
      // Recently closed shows the close's count, which includes the frame in flight; the eviction's does not.
      long dropped = closed != null ? num(closed, "dropped") : evicted != null ? num(evicted, "dropped_frames") : 0;
      return new ClientTimeline(key, label, connectedAt, endMillis, end, fromSeq, fromSeqExact, framesSent, bytes, maxSend,
          lastKnown, should, got, missed, pending, dropped, List.copyOf(slowSends), List.copyOf(blocks), evicted, closed,
          disconnect, pongClosing);
    }
  }
}
