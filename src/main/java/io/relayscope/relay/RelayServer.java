package io.relayscope.relay;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.PingFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeImpl1Server;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Java-WebSocket's server, reduced to callbacks into {@link Relay}. No relay logic lives here. */
final class RelayServer extends WebSocketServer {
  private static final Logger log = LoggerFactory.getLogger(RelayServer.class);

  private final Relay relay;
  final CompletableFuture<Void> started = new CompletableFuture<>();

  RelayServer(InetSocketAddress address, Relay relay, int sendBufferBytes, AccessPolicy access) {
    super(address, List.<Draft>of(new RelayDraft(access.maxInboundFrameBytes(), access.token()), new PlainHttpDraft()));
    this.relay = relay;
    setWebSocketFactory(new CountingServerFactory(sendBufferBytes, relay::accepted));
    setConnectionLostTimeout(0); // our own keepalive replaces the built-in checker
    setReuseAddr(true);
    setTcpNoDelay(true);
  }

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft, ClientHandshake request)
      throws InvalidDataException {
    String resource = request.getResourceDescriptor();
    if (draft instanceof PlainHttpDraft) {
      return httpResponse(relay.http().respond(resource, relay.admitHttp(request)));
    }
    String path = resource.contains("?") ? resource.substring(0, resource.indexOf('?')) : resource;
    if (!RelayConfig.PATH.equals(path)) {
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "no WebSocket endpoint at " + path);
    }
    HttpEndpoints.Response refusal = relay.admit(conn, request);
    if (refusal != null) return httpResponse(refusal); // RelayDraft writes it as plain HTTP; onOpen closes
    return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
  }

  private static ServerHandshakeBuilder httpResponse(HttpEndpoints.Response r) {
    var response = new HandshakeImpl1Server();
    response.setHttpStatus((short) r.status());
    response.setHttpStatusMessage(r.reason());
    response.put("Content-Type", r.contentType());
    response.put("Access-Control-Allow-Origin", "*");
    response.put("Cache-Control", "no-store");
    response.setContent(r.body());
    return response;
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    if (conn.getDraft() instanceof PlainHttpDraft || relay.refused(conn)) {
      // An HTTP answer (or a refusal) is queued; end the connection once it is written, no close frame.
      ((org.java_websocket.WebSocketImpl) conn).flushAndClose(CloseFrame.NORMAL, "http", false);
      return;
    }
    relay.onOpen(conn, handshake);
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    relay.onClose(conn, code, reason, remote);
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    relay.onText(conn, message);
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    relay.onBinary(conn);
  }

  @Override
  public PingFrame onPreparePing(WebSocket conn) {
    var ping = new PingFrame();
    ping.setPayload(ByteBuffer.allocate(Long.BYTES).putLong(0, System.nanoTime()));
    return ping;
  }

  @Override
  public void onWebsocketPong(WebSocket conn, Framedata f) {
    ByteBuffer payload = f.getPayloadData();
    if (payload.remaining() == Long.BYTES) {
      relay.onPong(conn, payload.getLong(payload.position()));
    }
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    if (conn == null) {
      // Before start: the bind failed (start() reports it). After: the server is stopping on a fatal error.
      if (started.isDone() && !started.isCompletedExceptionally()) relay.serverFailed(ex);
      started.completeExceptionally(ex);
      log.debug("server error", ex);
    } else {
      log.debug("connection error {}: {}", conn.getRemoteSocketAddress(), ex.toString());
    }
  }

  @Override
  public void onStart() {
    relay.selectorStarted(Thread.currentThread());
    started.complete(null);
  }
}
