package io.relayscope.relay;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connections refused before they were clients (401, 403, 408, 431, 503, ...). Every one is counted
 * by status; the journal gets the first of each status from each remote host in a second, and one
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

  RefusalLog(Journal journal) {
    this.journal = journal;
  }

  void refused(String remote, int status, String reason) {
    totals.computeIfAbsent(status, s -> new LongAdder()).increment();
    String key = status + " " + host(remote);
    if (journaledThisSecond.size() < MAX_DISTINCT_PER_SECOND && journaledThisSecond.add(key)) {
      journal.append(FactKind.CLIENT_REFUSED, remote, Map.of("remote", remote, "status", status, "reason", reason));
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
        journal.append(FactKind.CLIENT_REFUSED, "relay", Map.of("status", e.getKey(), "count", n,
            "reason", lastReason.getOrDefault(e.getKey(), ""), "summary", true));
      }
    }
  }

  /** Refusals since start, by HTTP status. */
  Map<Integer, Long> totals() {
    var out = new TreeMap<Integer, Long>();
    totals.forEach((status, n) -> out.put(status, n.sum()));
    return out;
  }

  private static String host(String remote) {
    int colon = remote.lastIndexOf(':');
    return colon > 0 ? remote.substring(0, colon) : remote;
  }
}
