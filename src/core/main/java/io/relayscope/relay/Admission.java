package io.relayscope.relay;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;

/**
 * Who may become a client (Java-WebSocket's threads): the token, the origin, and a free place among
 * {@code --max-clients}. Every refusal is an HTTP answer, counted and journaled in aggregate.
 */
final class Admission {
  private final AccessPolicy access;
  private final RefusalLog refusals;
  private final Set<WebSocket> refusedConnections = ConcurrentHashMap.newKeySet();
  // A client's place is taken at admission and given back when its connection closes: counting
  // sessions instead let two handshakes on two workers both see room for one (max+1 clients).
  private final AtomicInteger slotsTaken = new AtomicInteger();
  private final Set<WebSocket> holdingSlot = ConcurrentHashMap.newKeySet();

  Admission(AccessPolicy access, RefusalLog refusals) {
    this.access = access;
    this.refusals = refusals;
  }

  /** The token, if the relay requires one, from {@code ?token=}, a Bearer header or a subprotocol. */
  boolean authorized(ClientHandshake request) {
    String token = access.token();
    if (token == null) return true;
    var candidates = new ArrayList<String>();
    String resource = request.getResourceDescriptor();
    int q = resource.indexOf('?');
    if (q >= 0) {
      for (String pair : resource.substring(q + 1).split("&")) {
        if (pair.startsWith("token=")) candidates.add(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
      }
    }
    String auth = request.getFieldValue("Authorization");
    if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) candidates.add(auth.substring(7).trim());
    for (String p : request.getFieldValue("Sec-WebSocket-Protocol").split(",")) candidates.add(p.trim());
    byte[] expected = token.getBytes(StandardCharsets.UTF_8);
    boolean ok = false;
    for (String c : candidates) ok |= MessageDigest.isEqual(expected, c.getBytes(StandardCharsets.UTF_8));
    return ok;
  }

  /** Null to let a WebSocket client in; otherwise the HTTP refusal it gets (and it is journaled). */
  HttpEndpoints.Response admit(WebSocket conn, ClientHandshake request) {
    HttpEndpoints.Response refusal = null;
    String origin = request.getFieldValue("Origin");
    if (!authorized(request)) {
      refusal = HttpEndpoints.unauthorized();
    } else if (!access.originAllowed(origin)) {
      refusal = HttpEndpoints.refused(403, "Forbidden", "origin " + origin + " is not allowed");
    } else if (!takeSlot(conn)) {
      refusal = HttpEndpoints.refused(503, "Service Unavailable", "the relay has its maximum of "
          + access.maxClients() + " clients");
    }
    if (refusal != null) {
      refusedConnections.add(conn);
      refusedHttp(conn, refusal);
    }
    return refusal;
  }

  /** An HTTP answer of 4xx/5xx at the handshake: counted, and journaled in aggregate. */
  void refusedHttp(WebSocket conn, HttpEndpoints.Response refusal) {
    refusals.refused(ClientSessions.remote(conn), refusal.status(), new String(refusal.body(), StandardCharsets.UTF_8));
  }

  /** True (once) for a connection whose handshake was refused. */
  boolean refused(WebSocket conn) {
    return refusedConnections.remove(conn);
  }

  /** The connection closed: its place, if it held one, is free again. */
  void closed(WebSocket conn) {
    refusedConnections.remove(conn);
    if (holdingSlot.remove(conn)) slotsTaken.decrementAndGet();
  }

  private boolean takeSlot(WebSocket conn) {
    if (slotsTaken.incrementAndGet() > access.maxClients()) {
      slotsTaken.decrementAndGet();
      return false;
    }
    holdingSlot.add(conn);
    return true;
  }
}
