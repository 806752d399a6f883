package io.relayscope.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What /health judges by: each relay thread alive (and not in a crash loop), the event socket
 * receivable at its path ({@code eventSocketProblem} null), and the journal's disk copy.
 * {@code threadFailures} counts fatal errors the threads caught and survived; {@code logLinesDropped}
 * counts log lines dropped because stderr did not keep up.
 */
public record RelayHealth(
    Map<String, Boolean> threads,
    String eventSocketProblem,
    JournalHealth journal,
    long threadFailures,
    String lastThreadFailure,
    long logLinesDropped,
    NatsHealth nats) {
  public RelayHealth {
    if (nats == null) nats = NatsHealth.DISABLED;
    threads = Collections.unmodifiableMap(new LinkedHashMap<>(threads));
  }

  /**
   * Why the relay is not doing its job, empty when it is. A paused journal is not among them: the
   * relay still relays, and restarting it would not free the disk; it shows in {@code journal}.
   */
  public List<String> problems() {
    var out = new ArrayList<String>();
    threads.forEach((name, alive) -> {
      if (!alive) out.add("thread " + name + " is not running (dead, stuck or failing repeatedly)");
    });
    if (eventSocketProblem != null) out.add(eventSocketProblem);
    if (nats.problem() != null) out.add(nats.problem()); // e.g. the events stream is gone: events cannot be stored
    return out;
  }
}
