package io.relayscope.ui.clients;

import io.relayscope.metrics.ClientStats;

/** What a close code means, in the words the console shows next to it. */
public final class CloseCodeText {
  private CloseCodeText() {}

  /** A short name: "4008 evicted". */
  public static String shortName(int code) {
    return switch (code) {
      case 4008 -> "4008 evicted";
      case 4009 -> "4009 keepalive";
      case 4010 -> "4010 operator";
      case 1000 -> "1000 normal";
      case 1001 -> "1001 going away";
      case 1003 -> "1003 binary refused";
      case 1002 -> "1002 protocol error";
      case 1005 -> "1005 no code";
      case 1006 -> "1006 abnormal";
      case 1007 -> "1007 bad data";
      case 1008 -> "1008 policy";
      case 1009 -> "1009 too big";
      case 1011 -> "1011 server error";
      case -1 -> "—";
      default -> String.valueOf(code);
    };
  }

  /** A sentence for a tooltip. */
  public static String meaning(int code) {
    return switch (code) {
      case 4008 -> "4008: evicted by the relay: a frame of it unwritten past the send timeout (the reason says whether "
          + "it had stopped reading or the relay fell behind), or its queue reached its byte or frame cap.";
      case 4009 -> "4009: closed by keepalive: it answered no ping within the keepalive timeout.";
      case 4010 -> "4010: disconnected by an operator (the reason is the operator's).";
      case 1000 -> "1000: normal close.";
      case 1001 -> "1001: going away (the client left, or the relay shut down).";
      case 1003 -> "1003: it sent a binary frame; the relay takes text only.";
      case 1002 -> "1002: protocol error: a frame broke the WebSocket protocol.";
      case 1005 -> "1005: the close frame carried no code.";
      case 1006 -> "1006: the connection ended without a close frame.";
      case 1007 -> "1007: a text frame, or the reason of its Close, that was not valid UTF-8.";
      case 1008 -> "1008: policy: the client sent more inbound messages than the relay allows.";
      case 1009 -> "1009: a message larger than the relay accepts from clients.";
      case 1011 -> "1011: the relay hit an unexpected error on this connection.";
      default -> code + ": see the reason.";
    };
  }

  /** The close code, its meaning and the reason given. */
  public static String describe(ClientStats s) {
    return meaning(s.closeCode()) + (s.closeReason().isBlank() ? "" : "\nReason: " + s.closeReason());
  }
}
