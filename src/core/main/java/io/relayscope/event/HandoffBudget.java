package io.relayscope.event;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a hand-off between threads may hold, by count and by bytes. A producer takes before it
 * queues and never waits; the consumer gives back what it took. Never over either bound, not even
 * for a moment: a reader of {@link #bytes()} sees what is held.
 */
public final class HandoffBudget {
  private final int maxItems;
  private final long maxBytes;
  private final AtomicInteger items = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();

  public HandoffBudget(int maxItems, long maxBytes) {
    this.maxItems = maxItems;
    this.maxBytes = maxBytes;
  }

  /** @return false, holding nothing, when one more item of {@code cost} bytes would pass a bound. */
  public boolean tryTake(long cost) {
    if (items.incrementAndGet() > maxItems) {
      items.decrementAndGet();
      return false;
    }
    long held;
    do {
      held = bytes.get();
      if (held + cost > maxBytes) {
        items.decrementAndGet();
        return false;
      }
    } while (!bytes.compareAndSet(held, held + cost));
    return true;
  }

  /** Gives back one item of {@code cost} bytes taken with {@link #tryTake}. */
  public void release(long cost) {
    items.decrementAndGet();
    bytes.addAndGet(-cost);
  }

  public int items() {
    return items.get();
  }

  public long bytes() {
    return bytes.get();
  }
}
