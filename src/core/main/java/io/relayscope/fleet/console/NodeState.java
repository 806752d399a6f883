package io.relayscope.fleet.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.machines.MachineRegistry;
import io.relayscope.metrics.RelaySnapshot;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the console knows of one node. The events thread writes {@code machines} (the registry is
 * single-writer, as in the relay); the facts thread writes {@code figures}; both bump
 * {@code lastReportMillis}. Readers take immutable snapshots.
 */
final class NodeState {
  /** A node's machine table is bounded as a relay's is by default. */
  static final int MAX_MACHINES = 10_000;

  final String node;
  final MachineRegistry machines;
  volatile RelaySnapshot figures;
  /** Both threads report: the newest wins, whichever thread saw it. */
  private final AtomicLong lastReportMillis = new AtomicLong();
  volatile long eventsSeen;
  volatile long factsMissed;

  NodeState(String node, ObjectMapper json) {
    this.node = node;
    this.machines = new MachineRegistry(json, MAX_MACHINES, Long.MAX_VALUE, 64L << 20);
  }

  void reported(long atMillis) {
    lastReportMillis.accumulateAndGet(atMillis, Math::max);
  }

  NodeFrame frame(long now, long staleAfterMillis) {
    long last = lastReportMillis.get();
    long age = last == 0 ? 0 : Math.max(0, now - last);
    return new NodeFrame(node, figures, machines.snapshots(), eventsSeen, factsMissed, last, age, last == 0 || age > staleAfterMillis);
  }
}
