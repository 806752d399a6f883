package io.relayscope.relay;

/**
 * When the socket took each stretch of a client's bytes: a ring of (time, bytes taken so far), one
 * entry at most every {@link #SPACING_NANOS}. It answers "since when has byte N been in the kernel?",
 * which dates a stall by its evidence — the first byte the client has not read — rather than by the
 * moment the relay noticed. Written under the channel's write lock (whichever thread writes), read on
 * the monitor.
 *
 * <p>Answers are never earlier than the truth: a write that fell between two entries is dated by the
 * next one, at most {@link #SPACING_NANOS} late (a write that made no entry gets one when the next
 * entry comes later than that), so a client is never blamed for longer than it was.
 */
final class WriteProgress {
  static final long SPACING_NANOS = 10_000_000;
  // At least 1.28 s of history while writes never pause (a stall is dated at the first samples after it,
  // 0.3-0.5 s on), far more at a few events a second; 2 KiB a client (an idle client costs ~8 KiB in all).
  private static final int SIZE = 128;

  private final long[] atNanos = new long[SIZE];
  private final long[] bytes = new long[SIZE];
  private volatile int count; // entries ever written; published after each entry
  private long lastEntryNanos = Long.MIN_VALUE / 2;
  private volatile long lastWriteNanos;
  private volatile long lastTotal;
  // The last write since the last entry that made none (under the write lock).
  private long tailNanos;
  private long tailTotal;
  private boolean tail;

  /** Under the channel's write lock: the socket has now taken {@code total} bytes in all. */
  void wrote(long now, long total) {
    lastWriteNanos = now;
    lastTotal = total;
    if (now - lastEntryNanos < SPACING_NANOS) {
      // No entry of its own: the next entry dates its bytes. Remember it, in case that is long after.
      tailNanos = now;
      tailTotal = total;
      tail = true;
      return;
    }
    // The last write without an entry came well before this one: it gets its own, or its bytes would be
    // dated now. (An event written just after a probe ping, then nothing for 333 ms at 3 events a second:
    // the stall it began was dated 333 ms late.) Within the spacing, this entry dates it closely enough.
    if (tail && now - tailNanos >= SPACING_NANOS) add(tailNanos, tailTotal);
    tail = false;
    add(now, total);
  }

  private void add(long at, long total) {
    int i = count;
    atNanos[i % SIZE] = at;
    bytes[i % SIZE] = total;
    lastEntryNanos = at;
    count = i + 1;
  }

  /**
   * When the socket took byte number {@code index} (1-based) at the latest; 0 if it has not taken it.
   * Older than the ring's history: the oldest entry's time.
   */
  long takenBy(long index) {
    if (index > lastTotal) return 0;
    int n = count;
    int oldest = Math.max(0, n - SIZE + 1); // one slot of slack: the writer may be filling it
    if (n == 0 || bytes[(n - 1) % SIZE] < index) return lastWriteNanos; // taken by a write since the last entry
    int lo = oldest;
    int hi = n - 1; // bytes[hi] >= index: find the first such entry (totals only grow)
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (bytes[mid % SIZE] >= index) hi = mid;
      else lo = mid + 1;
    }
    return atNanos[lo % SIZE];
  }
}
