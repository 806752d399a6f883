package io.relayscope.relay;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
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

  RelayServer(InetSocketAddress address, Relay relay, int sendBufferBytes, AccessPolicy access, LingeringCloses lingering) {
    super(address, List.<Draft>of(new RelayDraft(access.maxInboundFrameBytes(), access.token(), access.maxRequestHeadBytes()),
        new PlainHttpDraft(access.maxRequestHeadBytes())));
    this.relay = relay;
    setMaxPendingConnections(access.listenBacklog()); // the library's default (50) drops connects in a storm
    setWebSocketFactory(new CountingServerFactory(sendBufferBytes, relay::accepted, lingering));
    setConnectionLostTimeout(0); // our own keepalive replaces the built-in checker
    setReuseAddr(true);
    setTcpNoDelay(true);
  }

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft, ClientHandshake request)
      throws InvalidDataException {
    String resource = request.getResourceDescriptor();
    var head = (RequestHead) request; // both drafts read heads as RequestHead
    if (draft instanceof PlainHttpDraft) {
      HttpEndpoints.Response answer = plainAnswer(head);
      if (answer.status() >= 400 && answer.status() != 404) relay.refusedHttp(conn, answer);
      return httpResponse(answer, request, head.isHead());
    }
    String path = resource.contains("?") ? resource.substring(0, resource.indexOf('?')) : resource;
    if (!RelayConfig.PATH.equals(path)) {
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "no WebSocket endpoint at " + path);
    }
    HttpEndpoints.Response refusal = relay.admit(conn, request);
    if (refusal != null) return httpResponse(refusal, request, false); // RelayDraft writes it as plain HTTP; onOpen closes
    return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
  }

  /** The answer to a request that is not a valid WebSocket upgrade. */
  private HttpEndpoints.Response plainAnswer(RequestHead head) {
    return switch (head.problem) {
      case TOO_LARGE -> HttpEndpoints.refused(431, "Request Header Fields Too Large",
          "the request head is over " + relay.config().access().maxRequestHeadBytes() + " bytes");
      case MALFORMED -> HttpEndpoints.refused(400, "Bad Request", "not an HTTP/1.x request head");
      case NONE -> {
        // RFC 9112 section 3.2: HTTP/1.1 requires Host (a request without one is malformed); 1.0 does not.
        if (head.version.equals("HTTP/1.1") && head.getFieldValue("Host").isBlank()) {
          yield HttpEndpoints.refused(400, "Bad Request", "an HTTP/1.1 request needs a Host header");
        }
        if (UpgradeRequest.isAttempt(head)) {
          HttpEndpoints.Response problem = UpgradeRequest.problem(head);
          yield problem != null ? problem : HttpEndpoints.refused(400, "Bad Request", "the WebSocket handshake was not accepted");
        }
        if (!head.method.equals("GET") && !head.method.equals("HEAD")) yield HttpEndpoints.methodNotAllowed(head.method);
        yield relay.http().respond(head.getResourceDescriptor(), relay.admitHttp(head),
            relay.config().access().originAllowed(head.getFieldValue("Origin")));
      }
    };
  }

  /**
   * CORS: an allowed Origin is echoed (never {@code *}), so a browser page elsewhere reads our
   * answers only if {@code --allowed-origin} lets it in.
   */
  private ServerHandshakeBuilder httpResponse(HttpEndpoints.Response r, ClientHandshake request, boolean headOnly) {
    var response = new HandshakeImpl1Server();
    response.setHttpStatus((short) r.status());
    response.setHttpStatusMessage(r.reason());
    response.put("Content-Type", r.contentType());
    String origin = request.getFieldValue("Origin");
    if (!origin.isEmpty() && relay.config().access().originAllowed(origin)) {
      response.put("Access-Control-Allow-Origin", origin);
      response.put("Vary", "Origin");
    }
    response.put("Cache-Control", "no-store");
    r.headers().forEach(response::put);
    if (headOnly) {
      response.put("Content-Length", Integer.toString(r.body().length)); // what a GET would carry, and no body
    } else {
      response.setContent(r.body());
    }
    return response;
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    if (conn.getDraft() instanceof PlainHttpDraft || relay.refused(conn)) {
      // An HTTP answer (or a refusal) is queued; end the connection once it is written, no close frame.
      ((WebSocketImpl) conn).flushAndClose(CloseFrame.NORMAL, "http", false);
      return;
    }
    relay.onOpen(conn, handshake);
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    relay.onClose(conn, code, reason, remote);
  }

  /**
   * The client's Close, as read: its code is what the relay records, even if the connection then
   * ends before the library's own close completes (it decides "1006" when the socket reaches end of
   * stream before it has finished answering that Close).
   */
  @Override
  public void onClosing(WebSocket conn, int code, String reason, boolean remote) {
    if (remote) relay.onClientClosing(conn, code, reason);
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

  /** Not the library's answer (a pong straight into its unbounded queue): the relay rates and queues it. */
  @Override
  public void onWebsocketPing(WebSocket conn, Framedata f) {
    relay.onPing(conn, f);
  }

  @Override
  public void onWebsocketPong(WebSocket conn, Framedata f) {
    relay.onPong(conn, f.getPayloadData());
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
