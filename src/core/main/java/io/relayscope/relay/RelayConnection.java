package io.relayscope.relay;

import java.nio.ByteBuffer;
import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.framing.Framedata;

/**
 * Java-WebSocket's connection, taking our frames only while it is open. The library sends its close
 * frame and leaves the open state inside {@code close}, which holds this object's monitor; {@link
 * #offer} and {@link #offerControl} hold it too, so nothing of ours — data, pings, pongs — can be
 * queued behind the close frame. (Frames written after it reached a client that had already shut its
 * socket: the client saw 1006 instead of its own 1000, and so did the relay.) {@link #takesOurs}
 * does the same for our write-through.
 */
final class RelayConnection extends WebSocketImpl {

  RelayConnection(WebSocketListener listener, Draft draft) {
    super(listener, draft);
  }

  RelayConnection(WebSocketListener listener, List<Draft> drafts) {
    super(listener, drafts);
  }

  /** Queues {@code frames} for the selector thread to write; false once the connection is closing. */
  synchronized boolean offer(ByteBuffer frames) {
    if (getReadyState() != ReadyState.OPEN) return false;
    outQueue.add(frames);
    return true;
  }

  /**
   * Whether a write-through of ours may go on the wire now. Under the monitor, so it is false from the
   * moment {@code close} begins to queue the Close frame: our bytes can precede it, never follow it.
   */
  synchronized boolean takesOurs() {
    return getReadyState() == ReadyState.OPEN;
  }

  /** Sends a control frame of ours (a ping); false once the connection is closing. */
  synchronized boolean offerControl(Framedata frame) {
    if (getReadyState() != ReadyState.OPEN) return false;
    sendFrame(frame);
    return true;
  }
}
