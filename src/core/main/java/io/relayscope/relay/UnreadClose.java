package io.relayscope.relay;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.java_websocket.WebSocketImpl;
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
 * in-queue: read it there, with a draft of its own, so the client's own code is what is recorded.
 */
final class UnreadClose {
  record Close(int code, String reason) {}

  private UnreadClose() {}

  static Optional<Close> in(WebSocketImpl conn) {
    Draft draft = conn.getDraft();
    if (draft == null || conn.inQueue.isEmpty()) return Optional.empty();
    Draft fresh = draft.copyInstance(); // the connection's own draft may be mid-frame on the worker
    try {
      for (ByteBuffer read : conn.inQueue) { // weakly consistent: the worker may take one meanwhile
        for (Framedata f : fresh.translateFrame(read.duplicate())) {
          if (f instanceof CloseFrame c) return Optional.of(new Close(c.getCloseCode(), c.getMessage()));
        }
      }
    } catch (InvalidDataException | RuntimeException e) {
      // Not whole frames from a frame's start (the worker had begun on them): no Close to be had here.
    }
    return Optional.empty();
  }
}
