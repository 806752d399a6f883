package io.relayscope.journal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Bounded in-memory journal of relay facts. Lock-free for writers (any relay thread may append
 * without waiting on another); readers copy what is still in the ring. When the ring wraps, the
 * oldest facts are overwritten and {@link #overwritten()} says how many are gone.
 */
public final class Journal {
  private final AtomicReferenceArray<JournalFact> ring;
  private final int capacity;
  private final AtomicLong next = new AtomicLong();
  private final RelayRun run;
  private final LongSupplier clock;

  /** A journal for a run starting now. */
  public Journal(int capacity) {
    this(capacity, RelayRun.start());
  }

  /** A journal whose facts all carry {@code run}. */
  public Journal(int capacity, RelayRun run) {
    this(capacity, run, System::currentTimeMillis);
  }

  /**
   * Facts dated by {@code clock} (epoch millis): the relay's own, so that a fact's time and the
   * evidence times it carries ({@code since_ms}) are read from one clock.
   */
  public Journal(int capacity, RelayRun run, LongSupplier clock) {
    this.clock = clock;
    if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
    this.capacity = capacity;
    this.ring = new AtomicReferenceArray<>(capacity);
    this.run = run;
  }

  /** The relay run every fact of this journal belongs to. */
  public RelayRun run() {
    return run;
  }

  public JournalFact append(FactKind kind, String subject, Map<String, Object> fields) {
    long id = next.getAndIncrement();
    var fact = new JournalFact(run, id, clock.getAsLong(), System.nanoTime(), kind, subject, fields);
    ring.set((int) (id % capacity), fact);
    return fact;
  }

  /**
   * Facts with id at least {@code fromId}, oldest first, at most {@code limit} of them, without gaps:
   * it stops before a fact whose writer has not yet stored it, so a reader that continues from the
   * last id it got misses nothing. Facts already overwritten (the ring wrapped) are skipped.
   */
  public List<JournalFact> since(long fromId, int limit) {
    long end = next.get();
    long start = Math.max(fromId, end - capacity);
    var out = new ArrayList<JournalFact>((int) Math.min(limit, Math.max(0, end - start)));
    for (long id = start; id < end && out.size() < limit; id++) {
      JournalFact f = ring.get((int) (id % capacity));
      if (f == null || f.id() < id) break; // reserved, not yet stored
      if (f.id() == id) out.add(f); // (a larger id means the ring wrapped past this one)
    }
    return out;
  }

  /** The most recent facts matching {@code filter}, oldest first. */
  public List<JournalFact> recent(int limit, Predicate<JournalFact> filter) {
    long end = next.get();
    long start = Math.max(0, end - capacity);
    var out = new ArrayList<JournalFact>();
    for (long id = end - 1; id >= start && out.size() < limit; id--) {
      JournalFact f = ring.get((int) (id % capacity));
      if (f != null && f.id() == id && filter.test(f)) out.add(f);
    }
    Collections.reverse(out);
    return out;
  }

  public long appended() {
    return next.get();
  }

  public long overwritten() {
    return Math.max(0, next.get() - capacity);
  }

  public int capacity() {
    return capacity;
  }
}
