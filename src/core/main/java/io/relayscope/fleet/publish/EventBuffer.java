package io.relayscope.fleet.publish;

import io.relayscope.event.EngineEvent;
import io.relayscope.event.EventTap;
import io.relayscope.event.HandoffBudget;
import io.relayscope.fleet.FleetSubjects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a node's accepted events wait in until JetStream has them, in the relay's order. It is the
 * relay's tap from before the event socket is bound (so the first event is held even while the
 * relay is still connecting to NATS) until the node's clean stop seals it. Bounded by count and
 * bytes; an event that does not fit, or that arrives after the seal, is counted, never dropped
 * silently. An event holds its share of the bound until {@link #release} (acknowledged or lost).
 */
public final class EventBuffer implements EventTap {
  /** Heap an event costs besides its bytes (record, headers, queue node). */
  static final int OVERHEAD = 256;

  /** One accepted event as the publisher needs it. */
  public record Buffered(long seq, long receivedMillis, String machine, byte[] raw) {}

  private final ConcurrentLinkedQueue<Buffered> queue = new ConcurrentLinkedQueue<>();
  private final HandoffBudget budget;
  private final AtomicLong lostFull = new AtomicLong();
  private final AtomicLong lostStopped = new AtomicLong();
  private volatile boolean sealed;
  private volatile Runnable onOffer = () -> {};

  public EventBuffer(int maxEvents, long maxBytes) {
    this.budget = new HandoffBudget(maxEvents, maxBytes);
  }

  /** Hub thread: take the event if there is room, else count it. Never waits. */
  @Override
  public void accepted(EngineEvent event) {
    if (event.source().startsWith(FleetSubjects.SOURCE_PREFIX)) return; // from NATS: never published again (no loops)
    if (sealed) {
      lostStopped.incrementAndGet();
      return;
    }
    if (!budget.tryTake(cost(event.raw()))) {
      lostFull.incrementAndGet();
      return;
    }
    queue.offer(new Buffered(event.seq(), event.receivedAtMillis(), event.machineName(), event.raw()));
    onOffer.run();
  }

  /** Called after each event is queued (the publisher wakes up). */
  void onOffer(Runnable r) {
    this.onOffer = r;
  }

  /** The oldest event not yet taken, or null. */
  Buffered poll() {
    return queue.poll();
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  /** The event is acknowledged, or counted lost: its room is free again. */
  void release(Buffered b) {
    budget.release(cost(b.raw()));
  }

  /**
   * The relay stops: no event is taken any more (later ones are counted), and every event still
   * held, taken or not, is counted lost. Call once the publisher has stopped.
   */
  public long seal() {
    sealed = true;
    long left = budget.items();
    lostStopped.addAndGet(left);
    queue.clear();
    return left;
  }

  private static long cost(byte[] raw) {
    return raw.length + OVERHEAD;
  }

  /** Events waiting for JetStream (queued, in flight or to be sent again). */
  public long items() {
    return sealed ? 0 : budget.items(); // once sealed, what was held is counted in lostStopped
  }

  public long bytes() {
    return sealed ? 0 : budget.bytes();
  }

  /** Events never published: the buffer was full. */
  public long lostFull() {
    return lostFull.get();
  }

  /** Events never published: the relay stopped before JetStream had them. */
  public long lostStopped() {
    return lostStopped.get();
  }
}
