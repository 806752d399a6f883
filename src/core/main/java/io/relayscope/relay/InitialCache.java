package io.relayscope.relay;

import io.relayscope.machines.MachineRegistry;
import java.nio.ByteBuffer;

/**
 * The {@code initial} message a joining client gets first, encoded once and shared read-only by
 * every client that joins before the machine table changes: a burst of joins holds one copy, not
 * one per client (up to half a client cap each). Re-encoded at least every second too, so its
 * "timestamp" (upstream's: when the snapshot was taken) stays true. Hub thread only.
 */
final class InitialCache {
  private static final long MAX_AGE_NANOS = 1_000_000_000L;

  private final MachineRegistry machines;
  private final FrameEncoder encoder;
  private final RelayTime time;
  private ByteBuffer frame;
  private long version = -1;
  private long encodedNanos;

  /** {@code encoder}: the hub's own (encoders are per thread). */
  InitialCache(MachineRegistry machines, FrameEncoder encoder, RelayTime time) {
    this.machines = machines;
    this.encoder = encoder;
    this.time = time;
  }

  /** The current {@code initial}, ready to enqueue. */
  OutboundFrame next() {
    return new OutboundFrame(frame(), -1, time.nanos());
  }

  private ByteBuffer frame() {
    long v = machines.version();
    long now = System.nanoTime();
    if (frame == null || v != version || now - encodedNanos > MAX_AGE_NANOS) {
      frame = encoder.text(machines.initialBytes());
      version = v;
      encodedNanos = now;
    }
    return frame;
  }
}
