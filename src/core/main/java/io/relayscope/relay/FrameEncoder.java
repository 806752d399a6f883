package io.relayscope.relay;

import java.nio.ByteBuffer;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.framing.TextFrame;

/**
 * Encodes a text frame once so every client can share its bytes (server frames are unmasked, so
 * they are identical for all clients). Not thread-safe; one per producing thread.
 */
final class FrameEncoder {
  private final Draft_6455 draft = new Draft_6455();
  // One frame description, refilled per event: the draft copies its payload into the encoding and
  // keeps nothing (a new one per event, with the empty buffer it starts with, was 3 % of the allocation).
  private final TextFrame frame = new TextFrame();

  ByteBuffer text(byte[] utf8) {
    frame.setPayload(ByteBuffer.wrap(utf8));
    frame.setFin(true);
    try {
      return draft.createBinaryFrame(frame).asReadOnlyBuffer();
    } finally {
      frame.setPayload(EMPTY); // keeps no event alive
    }
  }

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
}
