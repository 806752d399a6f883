package io.relayscope.export;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;

/**
 * The one definition of when a client's block starts and ends, shared by the report and the
 * timeline: it starts where the relay dated its episode ({@code since_ms} of the first LAGGING / NOT
 * READING flag), and ends at RECOVERED, EVICTED or CLOSED. A LAGGING
 * that turns NOT READING is one block, not two. Feed it one client's facts in journal order.
 */
public final class BlockTracker {
  private final String client;
  private long start = -1;
  private long slowAt = -1;
  private long stalledAt = -1;

  public BlockTracker(String client) {
    this.client = client;
  }

  /**
   * When a flag fact says the block began: the relay's own evidence-dated start ({@code since_ms}, the
   * first byte the client did not read); journals from before it had none: then when the oldest frame
   * still waiting was queued.
   */
  public static long startOf(JournalFact flag) {
    Object since = flag.fields().get("since_ms");
    if (since instanceof Number n) return Math.min(flag.atMillis(), n.longValue());
    Object v = flag.fields().get("oldest_ms");
    long oldest = v instanceof Number n ? (long) Math.floor(n.doubleValue()) : 0;
    return flag.atMillis() - Math.max(0, oldest);
  }

  /** Takes the next fact of this client; returns the block it ends, or null. */
  public Block accept(JournalFact f) {
    switch (f.kind()) {
      case CLIENT_LAGGING, CLIENT_NOT_READING -> {
        if (start < 0) start = startOf(f);
        if (f.kind() == FactKind.CLIENT_LAGGING && slowAt < 0) slowAt = f.atMillis();
        if (f.kind() == FactKind.CLIENT_NOT_READING && stalledAt < 0) stalledAt = f.atMillis();
        return null;
      }
      case CLIENT_RECOVERED -> {
        return end(f.atMillis(), "recovered");
      }
      case CLIENT_EVICTED -> {
        return end(f.atMillis(), "evicted");
      }
      case CLIENT_CLOSED -> {
        return end(f.atMillis(), "closed");
      }
      default -> {
        return null;
      }
    }
  }

  /** The block still open, drawn up to {@code nowMillis} (null if none). */
  public Block open(long nowMillis) {
    return start < 0 ? null : new Block(client, start, slowAt, stalledAt, Math.max(nowMillis, start), null);
  }

  /** Ends the open block (if any) at {@code atMillis}, for {@code why}. */
  public Block end(long atMillis, String why) {
    if (start < 0) return null;
    var b = new Block(client, start, slowAt, stalledAt, Math.max(atMillis, start), why);
    start = -1;
    slowAt = -1;
    stalledAt = -1;
    return b;
  }
}
