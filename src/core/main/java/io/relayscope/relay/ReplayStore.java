package io.relayscope.relay;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * The last events as forwarded, for clients that reconnect with {@code ?since=}: bounded by
 * {@code --resume-events} and {@code --resume-bytes}. Kept apart from the hub so the bound and the
 * lookups read in one place. Hub thread only, except {@link #bytes()}.
 */
final class ReplayStore {
  /** Heap a replayed event costs besides its frame (record, buffer, deque slot). */
  private static final int OVERHEAD = 96;

  /**
   * One event as kept for replay: its number and its frame, encoded once. Its sequence marker is
   * encoded only when a resuming client needs it: most events are never replayed.
   */
  record Kept(long seq, ByteBuffer eventFrame) {}

  private final ArrayDeque<Kept> kept = new ArrayDeque<>();
  private final RelayConfig config;
  private volatile long bytes;

  ReplayStore(RelayConfig config) {
    this.config = config;
  }

  /** Keeps {@code frame}, dropping the oldest events beyond --resume-events and --resume-bytes. */
  void keep(long seq, ByteBuffer frame) {
    if (config.resumeEvents() == 0 || config.resumeBytes() == 0) return;
    kept.addLast(new Kept(seq, frame));
    long b = bytes + frame.remaining() + OVERHEAD;
    while (!kept.isEmpty() && (kept.size() > config.resumeEvents() || b > config.resumeBytes())) {
      b -= kept.removeFirst().eventFrame().remaining() + OVERHEAD;
    }
    bytes = b;
  }

  /** The oldest seq held; {@code lastSeq + 1} when none is. */
  long firstSeq(long lastSeq) {
    return kept.isEmpty() ? lastSeq + 1 : kept.peekFirst().seq();
  }

  /** Everything held, oldest first (read it, do not change it). */
  Iterable<Kept> all() {
    return kept;
  }

  /** The frame of event {@code seq} while it is held (a duplicate: the caller may read it). */
  Optional<ByteBuffer> frame(long seq) {
    var it = kept.descendingIterator();
    while (it.hasNext()) {
      Kept k = it.next();
      if (k.seq() == seq) return Optional.of(k.eventFrame().duplicate());
      if (k.seq() < seq) break;
    }
    return Optional.empty();
  }

  /** Bytes held (frames and bookkeeping). Any thread. */
  long bytes() {
    return bytes;
  }
}
