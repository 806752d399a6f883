package io.relayscope.relay;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import io.relayscope.metrics.ClientStats;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.java_websocket.WebSocketImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The close path: the relay closing a client (a Close frame, then the TCP end if the client cannot
 * take even that), and the bookkeeping once a connection is gone, however it ended — final figures
 * to Recently closed and the journal, once.
 */
final class ClientCloser {
  private static final Logger log = LoggerFactory.getLogger(ClientCloser.class);

  private final ClientSessions sessions;
  private final EventHub hub;
  private final SendIntervals sends;
  private final RelayMonitor monitor;
  private final RelayConfig config;
  private final Journal journal;
  private final ArrayDeque<ClientStats> recentlyClosed = new ArrayDeque<>();

  ClientCloser(ClientSessions sessions, EventHub hub, SendIntervals sends, RelayMonitor monitor, RelayConfig config,
      Journal journal) {
    this.sessions = sessions;
    this.hub = hub;
    this.sends = sends;
    this.monitor = monitor;
    this.config = config;
    this.journal = journal;
  }

  /** Disconnects one client by id for {@code by} (journaled, e.g. {@code console}); false if no such client is connected. */
  boolean disconnect(String clientId, String reason, String by) {
    ClientSession s = sessions.byId(clientId);
    if (s == null) return false;
    // The operator's words go to the client and the journal as printable text only.
    String clean = CloseReasons.printable(reason);
    String why = clean.isEmpty() ? "disconnected by operator" : clean;
    journal.append(FactKind.DISCONNECT_REQUESTED, clientId, Map.of("reason", why, "by", by));
    return close(s, CloseCodes.DISCONNECTED_BY_OPERATOR, why);
  }

  /** Closes {@code session} with {@code code}, dropping what it has queued; false if it was closing already. */
  boolean close(ClientSession session, int code, String reason) {
    if (!session.beginClose(code, reason)) return false;
    session.dropBacklog();
    closeConnection(session, code, reason);
    return true;
  }

  /**
   * Sends a close frame (it waits behind at most the frame in flight), and ends the connection shortly
   * after if the client cannot take even that. Either way the TCP end is {@link LingeringCloses}': the
   * Close still goes out if the client reads within its linger.
   */
  void closeConnection(ClientSession session, int code, String reason) {
    WebSocketImpl conn = session.connection();
    String wireReason = truncateReason(reason);
    try {
      conn.close(code, wireReason);
    } catch (RuntimeException e) {
      log.debug("close frame for {} failed: {}", session.id(), e.toString());
    }
    long graceMs = Math.max(100, Math.min(500, config.sendTimeout().toMillis() / 4));
    monitor.after(Duration.ofMillis(graceMs), () -> {
      if (!conn.isClosed()) conn.closeConnection(code, wireReason);
      // Closed by other means without telling us (or before we knew it): finish it here, so no
      // session outlives its connection.
      if (sessions.remove(conn, session)) finish(session, code, wireReason, false);
    });
  }

  /**
   * A close frame's reason may hold at most 123 bytes of UTF-8. One pass over at most 124 bytes'
   * worth of characters, whatever the reason's length (re-encoding it per character cut was
   * quadratic: a minute for 500 KB); a character is never split.
   */
  static String truncateReason(String reason) {
    int bytes = 0;
    int cut = -1; // where the text ends if "..." must follow: the last character within 120 bytes
    for (int i = 0; i < reason.length(); ) {
      int c = reason.codePointAt(i);
      int n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; // a lone surrogate encodes as '?', within 3
      if (bytes + n > 120 && cut < 0) cut = i;
      bytes += n;
      if (bytes > 123) return reason.substring(0, cut) + "...";
      i += Character.charCount(c);
    }
    return reason;
  }

  /** A safety net for a finish that waits on something else (the client's input being decoded): after a second, it is done here. */
  void finishLater(ClientSession session, int code, String reason, boolean remote) {
    monitor.after(Duration.ofSeconds(1), () -> finish(session, code, reason, remote));
  }

  /** The connection is gone: final figures to Recently closed and the journal (once). */
  void finish(ClientSession session, int code, String reason, boolean remote) {
    if (!session.markClosed(code, reason)) return;
    hub.leave(session); // now, not at the next event: a quiet relay must not keep closed sessions
    sends.journalLast(session); // its last partial interval, before it is gone
    ClientStats last = session.stats(hub.lastSeq());
    // Who closed it is the session's record (the library calls a reset by the peer "local"): the relay,
    // the client with its Close, or the connection that ended with no Close at all.
    String by = session.closedBy();
    journal.append(FactKind.CLIENT_CLOSED, session.id(),
        Map.of("code", last.closeCode(), "reason", last.closeReason(), "by_client", by.equals("client"), "closed_by", by,
            "frames_sent", last.framesSent(), "dropped", last.dropped(), "last_seq", last.lastSeqSent(),
            "from_seq", session.joinedAtSeq()));
    // The fact first: whoever sees the client in Recently closed also finds its close in the journal.
    synchronized (recentlyClosed) {
      recentlyClosed.addFirst(last);
      while (recentlyClosed.size() > config.recentlyClosedCapacity()) recentlyClosed.removeLast();
    }
  }

  /** The last clients closed, newest first (at most --recently-closed). */
  List<ClientStats> recentlyClosed() {
    synchronized (recentlyClosed) {
      return new ArrayList<>(recentlyClosed);
    }
  }
}
