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

  ByteBuffer text(byte[] utf8) {
    var frame = new TextFrame();
    frame.setPayload(ByteBuffer.wrap(utf8));
    frame.setFin(true);
    return draft.createBinaryFrame(frame).asReadOnlyBuffer();
  }
}
