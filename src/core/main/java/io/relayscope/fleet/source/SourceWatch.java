package io.relayscope.fleet.source;

import java.util.function.LongSupplier;

/**
 * Decides when the source's consumer is dead: the stream holds events it has not read, and none
 * came for {@link #STALL_NANOS} while the source was waiting for one (not while the hub was full:
 * that is back-pressure, and the stream keeps the rest). A consumer does not survive a
 * nats-server restart; jnats does not always make a new one, so the source must (and so must the
 * fleet console's readers).
 */
public final class SourceWatch {
  public static final long STALL_NANOS = 5_000_000_000L;

  private final LongSupplier nanos;
  private volatile long lastProgress;

  public SourceWatch(LongSupplier nanos) {
    this.nanos = nanos;
    this.lastProgress = nanos.getAsLong();
  }

  /** A message arrived, the hub took one, or the consumer was just made: the clock starts again. */
  public void progressed() {
    lastProgress = nanos.getAsLong();
  }

  /** Whether to make a new consumer, given how far behind the stream the source is. */
  public boolean stalled(long eventsBehind) {
    return eventsBehind > 0 && nanos.getAsLong() - lastProgress >= STALL_NANOS;
  }
}
