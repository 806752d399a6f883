package io.relayscope.relay;

import java.nio.ByteBuffer;

/**
 * One encoded WebSocket frame queued for one client. {@code shared} is encoded once per event and
 * shared read-only by every client; each client writes through its own duplicate.
 * {@code seq} is the event's relay sequence number, or -1 for relay messages (initial, ping, pong).
 */
record OutboundFrame(ByteBuffer shared, long seq, long enqueuedNanos) {
  int size() {
    return shared.remaining();
  }
}
