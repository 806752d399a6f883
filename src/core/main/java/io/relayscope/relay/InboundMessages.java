package io.relayscope.relay;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import java.nio.ByteBuffer;
import java.util.Map;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.PingFrame;
import org.java_websocket.framing.PongFrame;

/**
 * What clients send us (Java-WebSocket's threads): upstream's text commands, pings and pongs, each
 * counted against the client's inbound rate; a flood, or a binary frame, closes the client.
 */
final class InboundMessages {
  private final ClientSessions sessions;
  private final EventHub hub;
  private final ClientCloser closer;
  private final ControlFrames controls;
  private final ClientSession.OverCapHandler overCap;
  private final RelayConfig config;
  private final Journal journal;
  private final RelayTime time;

  InboundMessages(ClientSessions sessions, EventHub hub, ClientCloser closer, ControlFrames controls,
      ClientSession.OverCapHandler overCap, RelayConfig config, Journal journal, RelayTime time) {
    this.sessions = sessions;
    this.hub = hub;
    this.closer = closer;
    this.controls = controls;
    this.overCap = overCap;
    this.config = config;
    this.journal = journal;
    this.time = time;
  }

  /** Upstream reads text only (a binary frame ends its handler, and the connection): close with 1003. */
  void binary(WebSocket conn) {
    ClientSession session = sessions.get(conn);
    if (session != null && withinRate(session)) {
      closer.close(session, CloseFrame.REFUSE, "binary frames are not supported: text only");
    }
  }

  void text(WebSocket conn, String message) {
    ClientSession session = sessions.get(conn);
    if (session == null || !withinRate(session)) return;
    switch (message) {
      case "ping" -> session.enqueue(controls.textPong(), overCap);
      case "refresh" -> hub.refresh(session);
      default -> { } // upstream ignores other text, including the browser's "pong"
    }
  }

  /**
   * An RFC ping from the client: it counts against the inbound rate like any message, and its pong
   * goes through the client's own queue, under its caps, not straight into the library's unbounded one.
   */
  void ping(WebSocket conn, Framedata ping) {
    ClientSession session = sessions.get(conn);
    if (session == null || !withinRate(session)) return;
    var pong = new PongFrame((PingFrame) ping);
    session.enqueue(new OutboundFrame(conn.getDraft().createBinaryFrame(pong), -1, time.nanos()), overCap);
  }

  /**
   * A pong counts against the inbound rate; only one answering a ping of ours (its payload is our
   * send time: a keepalive ping or a probe) keeps the client alive. Probe pongs are not journaled.
   */
  void pong(WebSocket conn, ByteBuffer payload) {
    ClientSession session = sessions.get(conn);
    if (session == null || !withinRate(session) || payload.remaining() != Long.BYTES) return;
    long sentNanos = payload.getLong(payload.position());
    boolean probe = session.keepalive().isProbePong(sentNanos);
    long rtt = session.keepalive().pongReceived(sentNanos, time.nanos());
    if (rtt < 0 || probe) return; // unsolicited, or a probe's
    journal.append(FactKind.PONG_RECEIVED, session.id(), Map.of("rtt_ms", rtt / 1e6));
  }

  /** Counts one inbound message against the client's rate; a flood closes it with 1008. */
  private boolean withinRate(ClientSession session) {
    if (session.inbound().take()) return true;
    int rate = config.access().inboundMessagesPerSecond();
    closer.close(session, CloseFrame.POLICY_VALIDATION, "inbound messages over " + rate + "/s");
    return false;
  }
}
