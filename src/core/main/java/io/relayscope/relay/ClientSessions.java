package io.relayscope.relay;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocket;

/** The connected clients' sessions, by connection, and the ids they are given (c1, c2, ...). */
final class ClientSessions {
  private final ConcurrentHashMap<WebSocket, ClientSession> byConnection = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  /** The id of the next client. */
  String nextId() {
    return "c" + ids.incrementAndGet();
  }

  /** Clients given an id so far. */
  long everConnected() {
    return ids.get();
  }

  ClientSession get(WebSocket conn) {
    return byConnection.get(conn);
  }

  void put(WebSocket conn, ClientSession session) {
    byConnection.put(conn, session);
  }

  ClientSession remove(WebSocket conn) {
    return byConnection.remove(conn);
  }

  /** Removes {@code session} if it is still the one of {@code conn}; true if this call removed it. */
  boolean remove(WebSocket conn, ClientSession session) {
    return byConnection.remove(conn, session);
  }

  /** The connected client {@code clientId}, or null. */
  ClientSession byId(String clientId) {
    for (ClientSession s : byConnection.values()) if (s.id().equals(clientId)) return s;
    return null;
  }

  Collection<ClientSession> all() {
    return byConnection.values();
  }

  int size() {
    return byConnection.size();
  }

  /** How a connection's remote address reads in the journal: host:port without the leading slash. */
  static String remote(WebSocket conn) {
    return String.valueOf(conn.getRemoteSocketAddress()).replaceFirst("^/", "");
  }
}
