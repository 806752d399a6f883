package io.relayscope.relay;

import java.util.concurrent.ConcurrentHashMap;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.framing.CloseFrame;

/** A TCP connection must complete its handshake within the handshake timeout, or it is dropped. */
final class HandshakeTimeouts {
  private final ConcurrentHashMap<WebSocket, Long> handshaking = new ConcurrentHashMap<>();
  private final AccessPolicy access;
  private final RefusalLog refusals;
  private final RelayTime time;

  HandshakeTimeouts(AccessPolicy access, RefusalLog refusals, RelayTime time) {
    this.access = access;
    this.refusals = refusals;
    this.time = time;
  }

  /** A TCP connection was accepted: its handshake starts now. */
  void accepted(WebSocket conn) {
    handshaking.put(conn, time.nanos());
  }

  /** The connection's handshake arrived, or it closed: no timeout for it any more. */
  void done(WebSocket conn) {
    handshaking.remove(conn);
  }

  /** Whether any connection is still without its handshake. */
  boolean pending() {
    return !handshaking.isEmpty();
  }

  /** Drops every connection still without a handshake after the timeout (the monitor thread). */
  void dropSilent() {
    long limit = access.handshakeTimeout().toNanos();
    long now = time.nanos();
    for (var e : handshaking.entrySet()) {
      if (now - e.getValue() <= limit) continue;
      WebSocket conn = e.getKey();
      handshaking.remove(conn);
      if (!conn.isOpen()) {
        // No 408 is written (the library has no answer to send before a handshake): counted as a drop, not a status.
        refusals.droppedWithoutAnswer(ClientSessions.remote(conn), "no handshake within " + access.handshakeTimeout().toMillis() + " ms");
        ((WebSocketImpl) conn).closeConnection(CloseFrame.NEVER_CONNECTED, "handshake timeout");
      }
    }
  }
}
