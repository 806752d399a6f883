package io.relayscope.relay;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.framing.CloseFrame;

/**
 * Makes sure nothing waits in a connection's outgoing queue with no write armed, and that every close
 * completes.
 *
 * <p>Java-WebSocket's selector, after a write that emptied a connection's queue, sets its interest to
 * read only without looking at the queue again ({@code WebSocketServer.doWrite}). A frame another
 * thread queued in between — a batch of ours, a ping, the library's answer to a client's Close — then
 * sits with no write armed until something else asks for a write: up to a second for data (the next
 * ping), for ever for a Close. The same holds for the remainder of a write-through of ours that the
 * socket did not take whole. We cannot change that method, so every monitor tick this arms the write
 * again for any connection in that state, and ends the TCP connection of any close that has not
 * completed within {@code closeDeadline}, whoever began it. Monitor thread only.
 */
final class WriteSweep {
  private final Consumer<WebSocketImpl> armWrite;
  private final long closeDeadlineNanos;
  private final Map<WebSocket, Long> closingSince = new HashMap<>();
  private final AtomicLong rearmed = new AtomicLong();
  private final AtomicLong closesEnded = new AtomicLong();

  WriteSweep(Consumer<WebSocketImpl> armWrite, java.time.Duration closeDeadline) {
    this.armWrite = armWrite;
    this.closeDeadlineNanos = closeDeadline.toNanos();
  }

  void sweep(Collection<WebSocket> connections, long now) {
    for (WebSocket c : connections) {
      var conn = (WebSocketImpl) c;
      if (conn.isClosed()) continue;
      if ((conn.hasBufferedData() || remainderWaiting(conn)) && !writeArmed(conn)) {
        rearmed.incrementAndGet();
        armWrite.accept(conn);
      }
      if (conn.isClosing() || conn.isFlushAndClose()) {
        long since = closingSince.computeIfAbsent(conn, k -> now);
        if (now - since > closeDeadlineNanos) {
          closesEnded.incrementAndGet();
          end(conn);
        }
      }
    }
    closingSince.keySet().removeIf(WebSocket::isClosed);
  }

  /** A write-through the socket did not take whole: the selector must finish it ({@link CountingChannel}). */
  private static boolean remainderWaiting(WebSocketImpl conn) {
    return conn.getChannel() instanceof org.java_websocket.WrappedByteChannel c && c.isNeedWrite();
  }

  private static boolean writeArmed(WebSocketImpl conn) {
    SelectionKey key = conn.getSelectionKey();
    try {
      return key == null || !key.isValid() || (key.interestOps() & SelectionKey.OP_WRITE) != 0;
    } catch (CancelledKeyException e) {
      return true; // being closed: nothing to arm
    }
  }

  /** The close frame could not go out in time: end the connection, with the close's own code if it has one. */
  private static void end(WebSocketImpl conn) {
    if (conn.isFlushAndClose()) {
      conn.closeConnection();
    } else {
      conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "close did not complete", false);
    }
  }

  /** Connections found with bytes queued and no write armed, since start. */
  long rearmed() {
    return rearmed.get();
  }

  /** Closes that did not complete in time and whose connection the sweep ended, since start. */
  long closesEnded() {
    return closesEnded.get();
  }
}
