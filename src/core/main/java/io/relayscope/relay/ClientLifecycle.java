package io.relayscope.relay;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import java.util.Map;
import java.util.function.Consumer;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;

/**
 * A client's life as the WebSocket server reports it (Java-WebSocket's threads): its session is made,
 * pinged and joined to the stream when its handshake completes, and finished when its connection ends.
 */
final class ClientLifecycle {
  private final ClientSessions sessions;
  private final EventHub hub;
  private final Keepalive keepalive;
  private final ClientCloser closer;
  private final RelayConfig config;
  private final Journal journal;
  private final RelayTime time;
  private final Consumer<WebSocket> writeDemand;

  ClientLifecycle(ClientSessions sessions, EventHub hub, Keepalive keepalive, ClientCloser closer, RelayConfig config,
      Journal journal, RelayTime time, Consumer<WebSocket> writeDemand) {
    this.sessions = sessions;
    this.hub = hub;
    this.keepalive = keepalive;
    this.closer = closer;
    this.config = config;
    this.journal = journal;
    this.time = time;
    this.writeDemand = writeDemand;
  }

  void opened(WebSocket conn, ClientHandshake handshake) {
    var impl = (RelayConnection) conn;
    String id = sessions.nextId();
    String remote = ClientSessions.remote(conn);
    String agent = handshake.hasFieldValue("User-Agent") ? handshake.getFieldValue("User-Agent") : "";
    var session = new ClientSession(id, impl, config, journal, () -> writeDemand.accept(conn), remote, agent,
        handshake.getResourceDescriptor().replaceAll("token=[^&]*", "token=…"), ResumeRequest.parse(handshake.getResourceDescriptor()), time);
    ((CountingChannel) impl.getChannel()).observe(session);
    session.reading().connection(impl.getLocalSocketAddress(), impl.getRemoteSocketAddress());
    journal.append(FactKind.CLIENT_CONNECTED, id, Map.of("remote", remote, "user_agent", agent));
    keepalive.schedule(session);
    // Join before it shows in snapshots: once a client is listed, its place in the stream is taken.
    hub.join(session);
    sessions.put(conn, session);
    // The selector may have seen the peer leave while a worker was still running this callback
    // (Java-WebSocket calls onClose and onOpen on different threads). Its channel is closed
    // before onClose runs, so a closed channel here means onClose found no session to finish.
    if (!impl.getChannel().isOpen() && sessions.remove(conn, session)) {
      closer.finish(session, CloseFrame.ABNORMAL_CLOSE, "gone before it was registered", true);
    }
  }

  /** The client sent its Close: that is how it closed, whatever the connection's end looks like. */
  void clientClosing(WebSocket conn, int code, String reason) {
    ClientSession session = sessions.get(conn);
    if (session != null) session.closedByClient(code, reason);
  }

  /** The connection ended, however: nothing of ours stays queued for it, and its session is finished. */
  void closed(WebSocket conn, int code, String reason, boolean remote) {
    ClientSession session = sessions.remove(conn);
    ((WebSocketImpl) conn).outQueue.clear();
    if (session == null) return;
    if (code != CloseFrame.ABNORMAL_CLOSE || !(conn instanceof RelayConnection relayConn)) {
      closer.finish(session, code, reason, remote);
      return;
    }
    // "No Close" may only mean the library had not decoded it yet: it waits in the connection's
    // in-queue or is on a worker now. Finish once every read is decoded (the client's code recorded
    // first); the closer finishes it anyway after a grace should the input never be decoded.
    if (!relayConn.afterInput(c -> session.closedByClient(c.code(), c.reason()), () -> closer.finish(session, code, reason, remote))) {
      closer.finishLater(session, code, reason, remote);
    }
  }
}
