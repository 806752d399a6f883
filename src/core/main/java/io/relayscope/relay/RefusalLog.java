package io.relayscope.relay;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connections refused before they were clients (401, 403, 431, 503, ...), and connections dropped
 * without an answer because they sent no handshake in time. Every one is counted, refusals by the
 * HTTP status they were sent, drops apart (no status was sent, so none is claimed); the journal gets the first of each status from each remote host in a second, and one
 * {@code CLIENT_REFUSED} fact per status per second with a {@code count} of the rest. So a storm of
 * refused connects costs the journal a few facts a second, and nothing goes uncounted.
 */
final class RefusalLog {
  /** At most this many individual facts a second, however many hosts take part. */
  static final int MAX_DISTINCT_PER_SECOND = 32;

  private final Journal journal;
  private final ConcurrentHashMap<Integer, LongAdder> totals = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, AtomicLong> unjournaled = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, String> lastReason = new ConcurrentHashMap<>();
  private final Set<String> journaledThisSecond = ConcurrentHashMap.newKeySet();
  /** The key drops are counted under: not an HTTP status. */
  private static final int NO_ANSWER = -1;

  RefusalLog(Journal journal) {
    this.journal = journal;
  }

  void refused(String remote, int status, String reason) {
    count(remote, status, reason);
  }

  /** A connection ended with no answer at all (it sent no handshake within the handshake timeout). */
  void droppedWithoutAnswer(String remote, String reason) {
    count(remote, NO_ANSWER, reason);
  }

  private void count(String remote, int status, String reason) {
    totals.computeIfAbsent(status, s -> new LongAdder()).increment();
    String key = status + " " + host(remote);
    if (journaledThisSecond.size() < MAX_DISTINCT_PER_SECOND && journaledThisSecond.add(key)) {
      journal.append(FactKind.CLIENT_REFUSED, remote, fields(status, Map.of("remote", remote, "reason", reason)));
    } else {
      lastReason.put(status, reason);
      unjournaled.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }
  }

  /** Once a second (monitor thread): the counted summaries, and a fresh second for individual facts. */
  void flush() {
    journaledThisSecond.clear();
    for (var e : unjournaled.entrySet()) {
      long n = e.getValue().getAndSet(0);
      if (n > 0) {
        journal.append(FactKind.CLIENT_REFUSED, "relay", fields(e.getKey(), Map.of("count", n,
            "reason", lastReason.getOrDefault(e.getKey(), ""), "summary", true)));
      }
    }
  }

  /** A refusal's fields carry the status it was sent; a drop's say no answer was sent. */
  private static Map<String, Object> fields(int status, Map<String, Object> rest) {
    var out = new LinkedHashMap<String, Object>(rest);
    if (status == NO_ANSWER) {
      out.put("answer", "none");
    } else {
      out.put("status", status);
    }
    return out;
  }

  /** Refusals since start, by the HTTP status sent. */
  Map<Integer, Long> totals() {
    var out = new TreeMap<Integer, Long>();
    totals.forEach((status, n) -> {
      if (status != NO_ANSWER) out.put(status, n.sum());
    });
    return out;
  }

  /** Connections dropped without an answer since start. */
  long droppedWithoutAnswer() {
    LongAdder n = totals.get(NO_ANSWER);
    return n == null ? 0 : n.sum();
  }

  private static String host(String remote) {
    int colon = remote.lastIndexOf(':');
    return colon > 0 ? remote.substring(0, colon) : remote;
  }
}
