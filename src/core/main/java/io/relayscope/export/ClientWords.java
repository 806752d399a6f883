package io.relayscope.export;

import io.relayscope.export.IncidentAnalysis.ClientTimeline;
import io.relayscope.metrics.ClientState;

/**
 * The console's words for a client's states and ends, for every export: a report that said SLOW
 * or "blocked" where the console said LAGGING sent operators looking for two different things.
 * The Timeline's incident list uses {@link #closed} too.
 */
public final class ClientWords {
  static final String LAGGING = ClientState.LAGGING.label();
  static final String NOT_READING = ClientState.NOT_READING.label();
  /** Both flagged states, as one phrase. */
  static final String BEHIND = LAGGING + " or " + NOT_READING;

  private ClientWords() {}

  /** The worst state a block reached. */
  static String worst(Block b) {
    return b.stalled() ? NOT_READING : LAGGING;
  }

  /** How a close code reads: {@code evicted (4008)}, {@code closed by keepalive (4009)}, {@code disconnected (4010)}. */
  public static String closed(long code) {
    if (code == 4008) return "evicted (4008)";
    if (code == 4009) return "closed by keepalive (4009)";
    if (code == 4010) return "disconnected (4010)";
    return code < 0 ? "closed" : "closed (" + code + ")";
  }

  /** How a block of client {@code c} ended: recovered, evicted (4008), closed by keepalive (4009)…, or still in its state. */
  static String ended(Block b, ClientTimeline c) {
    if (b.endedBy() == null) return "still " + worst(b);
    return switch (b.endedBy()) {
      case "evicted" -> closed(4008);
      case "closed" -> closed(c.code());
      default -> b.endedBy();
    };
  }
}
