package io.relayscope.relay;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;

/**
 * A client's Close that the library read but had not yet decoded when the connection ended. Its
 * selector reads the socket and hands what it read to a worker thread to decode; when a client sends
 * its Close and ends the connection at once (the Java-WebSocket client does, as soon as anything
 * arrives after its Close), the selector can read the end of the stream before the worker decoded
 * the Close, and the library reports 1006, "no Close". The Close is still in the connection's
 * in-queue, or on a worker that no longer decodes it (the connection is closed by then): the
 * connection ({@link RelayConnection#afterInput}) has it read here, with a draft of its own, so the
 * client's own code is what is recorded.
 */
final class UnreadClose {
  record Close(int code, String reason) {}

  private UnreadClose() {}

  /** The client's Close in {@code input}, read from a frame's start, with a draft of its own (the connection's may be mid-frame). */
  static Optional<Close> in(Draft draft, ByteBuffer input) {
    if (draft == null) return Optional.empty();
    try {
      for (Framedata f : draft.copyInstance().translateFrame(input.duplicate())) {
        if (f instanceof CloseFrame c) return Optional.of(new Close(c.getCloseCode(), c.getMessage()));
      }
    } catch (InvalidDataException | RuntimeException e) {
      // Not whole frames from a frame's start: no Close to be had here.
    }
    return Optional.empty();
  }
}
