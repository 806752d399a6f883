package io.relayscope.ui.clients;

import io.relayscope.metrics.ClientStats;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * One client in the table: its latest figures and the recent history its sparkline draws. Mutated
 * only on the FX thread, once per frame. Each cell's value (the cells follow its figures).
 */
public final class ClientRow {
  static final int HISTORY = 60;

  // Cells observe this: a new value updates exactly the visible cells of this row, with no
  // table-wide refresh (which would rebuild every cell).
  private final ReadOnlyObjectWrapper<ClientStats> stats;
  private final double[] latencyHistory = new double[HISTORY];
  private int historySize;
  private int historyStart;

  ClientRow(ClientStats stats) {
    this.stats = new ReadOnlyObjectWrapper<>(stats);
  }

  public ClientStats stats() {
    return stats.get();
  }

  ReadOnlyObjectProperty<ClientStats> statsProperty() {
    return stats.getReadOnlyProperty();
  }

  public String id() {
    return stats.get().id();
  }

  /** Takes the new figures and appends the send latency measured since the last frame. */
  void update(ClientStats next) {
    // The latest send latency if frames were sent since the last frame, else the queue's wait.
    double sample = next.framesSent() > stats().framesSent() ? next.sendLatency().lastMs() : next.oldestQueuedAgeMs();
    push(sample);
    stats.set(next);
  }

  private void push(double v) {
    if (historySize < HISTORY) {
      latencyHistory[(historyStart + historySize++) % HISTORY] = v;
    } else {
      latencyHistory[historyStart] = v;
      historyStart = (historyStart + 1) % HISTORY;
    }
  }

  /** Oldest first. */
  double[] latencyHistory() {
    double[] out = new double[historySize];
    for (int i = 0; i < historySize; i++) out[i] = latencyHistory[(historyStart + i) % HISTORY];
    return out;
  }
}
