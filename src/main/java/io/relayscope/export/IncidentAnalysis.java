package io.relayscope.export;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a window of journal facts says happened: the engines' emissions, each client's sends, blocks
 * and end, the disconnect sequence, and the figures the October 2025 report gave by hand.
 */
public record IncidentAnalysis(
    long fromMillis,
    long toMillis,
    List<Emission> emissions,
    List<ClientTimeline> clients,
    List<JournalFact> disconnects,
    List<JournalFact> rejections,
    Metrics metrics) {

  /** One event as the relay received it. */
  public record Emission(long atMillis, long seq, String machine, String type, String summary, long bytes) {}

  /** A span a client spent SLOW or STALLED, and how it ended. */
  public record Block(String state, long startMillis, long endMillis, String endedBy) {
    public long millis() {
      return Math.max(0, endMillis - startMillis);
    }
  }

  /** One client through the window. */
  public record ClientTimeline(
      String id,
      long connectedAtMillis,
      long framesSent,
      long bytesSent,
      double maxSendMillis,
      long lastSeq,
      List<JournalFact> slowSends,
      List<Block> blocks,
      JournalFact evicted,
      JournalFact closed) {

    public boolean lost() {
      return evicted != null || (closed != null && !Boolean.TRUE.equals(closed.fields().get("by_client")));
    }

    public long droppedFrames() {
      long d = 0;
      if (evicted != null) d += num(evicted, "dropped_frames");
      return d;
    }
  }

  /** The report's headline figures. */
  public record Metrics(
      long events,
      long lastSeq,
      double longestBlockMillis,
      String longestBlockClient,
      long framesDroppedWithEvictedClients,
      int clientsLost,
      long messagesLost,
      List<String> clientsWithEveryEvent,
      long rejectedInputs) {}

  public static IncidentAnalysis of(List<JournalFact> facts, long fromMillis, long toMillis) {
    var emissions = new ArrayList<Emission>();
    var disconnects = new ArrayList<JournalFact>();
    var rejections = new ArrayList<JournalFact>();
    var builders = new LinkedHashMap<String, ClientBuilder>();
    long handoffLost = 0;
    for (JournalFact f : facts) {
      switch (f.kind()) {
        case EVENT_RECEIVED -> emissions.add(new Emission(f.atMillis(), num(f, "seq"), str(f, "machine"), str(f, "type"),
            str(f, "summary"), num(f, "bytes")));
        case INPUT_REJECTED -> {
          rejections.add(f);
          if ("handoff_full".equals(f.fields().get("reason"))) handoffLost += Math.max(1, num(f, "count"));
        }
        case CLIENT_CONNECTED -> client(builders, f).connectedAt = f.atMillis();
        case SENDS -> client(builders, f).sends(f);
        case SLOW_SEND -> client(builders, f).slowSends.add(f);
        case CLIENT_SLOW, CLIENT_STALLED -> client(builders, f).flag(f);
        case CLIENT_RECOVERED -> client(builders, f).endBlock(f.atMillis(), "recovered");
        case CLIENT_EVICTED -> {
          var c = client(builders, f);
          c.evicted = f;
          c.endBlock(f.atMillis(), "evicted");
          disconnects.add(f);
        }
        case CLIENT_CLOSED -> {
          var c = client(builders, f);
          c.closed = f;
          c.lastSeq = Math.max(c.lastSeq, num(f, "last_seq"));
          c.endBlock(f.atMillis(), "closed");
          disconnects.add(f);
        }
        case DISCONNECT_REQUESTED -> disconnects.add(f);
        case PONG_MISSED -> {
          if (Boolean.TRUE.equals(f.fields().get("closing"))) disconnects.add(f);
        }
        default -> { }
      }
    }
    var clients = new ArrayList<ClientTimeline>();
    for (ClientBuilder b : builders.values()) {
      b.endBlock(toMillis, "window end");
      clients.add(b.build());
    }
    long lastSeq = emissions.stream().mapToLong(Emission::seq).max().orElse(0);
    double longest = 0;
    String longestClient = null;
    for (ClientTimeline c : clients) {
      double block = c.maxSendMillis();
      for (Block b : c.blocks()) block = Math.max(block, b.state().equals("STALLED") ? b.millis() : 0);
      if (c.evicted() != null) block = Math.max(block, dbl(c.evicted(), "oldest_ms"));
      if (block > longest) {
        longest = block;
        longestClient = c.id();
      }
    }
    int lost = (int) clients.stream().filter(ClientTimeline::lost).count();
    long dropped = clients.stream().mapToLong(ClientTimeline::droppedFrames).sum();
    var complete = clients.stream().filter(c -> !c.lost() && c.lastSeq() >= lastSeq && lastSeq > 0)
        .map(ClientTimeline::id).toList();
    // Clients that stay connected get every event by design (a drop only ever comes with a close);
    // what the relay can lose is input it could not take in.
    long messagesLost = handoffLost;
    var metrics = new Metrics(emissions.size(), lastSeq, longest, longestClient, dropped, lost, messagesLost, complete,
        rejections.size());
    return new IncidentAnalysis(fromMillis, toMillis, emissions, clients, disconnects, rejections, metrics);
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
    long connectedAt;
    long frames;
    long bytes;
    double maxSend;
    long lastSeq;
    final List<JournalFact> slowSends = new ArrayList<>();
    final List<Block> blocks = new ArrayList<>();
    String openState;
    long openSince;
    JournalFact evicted;
    JournalFact closed;

    ClientBuilder(String id) {
      this.id = id;
    }

    void sends(JournalFact f) {
      frames += num(f, "frames");
      bytes += num(f, "bytes");
      maxSend = Math.max(maxSend, dbl(f, "max_latency_ms"));
      lastSeq = Math.max(lastSeq, num(f, "last_seq"));
    }

    void flag(JournalFact f) {
      String state = f.kind() == FactKind.CLIENT_SLOW ? "SLOW" : "STALLED";
      if (openState != null) endBlock(f.atMillis(), "became " + state);
      openState = state;
      // The oldest waiting frame tells when the block really began.
      openSince = f.atMillis() - (long) dbl(f, "oldest_ms");
    }

    void endBlock(long at, String by) {
      if (openState == null) return;
      blocks.add(new Block(openState, openSince, at, by));
      openState = null;
    }

    ClientTimeline build() {
      return new ClientTimeline(id, connectedAt, frames, bytes, maxSend, lastSeq, List.copyOf(slowSends), List.copyOf(blocks),
          evicted, closed);
    }
  }
}
