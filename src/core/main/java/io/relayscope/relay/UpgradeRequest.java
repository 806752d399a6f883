package io.relayscope.relay;

import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.java_websocket.handshake.ClientHandshake;

/**
 * RFC 6455 section 4.2.1 for an opening handshake, which Java-WebSocket checks only in part (it
 * takes any key, no Host, no {@code Connection: Upgrade}). Wrong version: 426 naming the one we
 * speak; anything else wrong: 400. A request is a handshake attempt if it says so in any of its
 * WebSocket headers, so one that lost its {@code Upgrade} is told what is wrong, not "404".
 */
final class UpgradeRequest {
  private UpgradeRequest() {}

  /**
   * True when the client asks for a WebSocket at all: {@code Upgrade: websocket}, or a
   * {@code Sec-WebSocket-Key} or {@code -Version}, which only a handshake carries. (HTTP/2 clients'
   * {@code Upgrade: h2c} alone is not an attempt: they get their page in HTTP/1.1.)
   */
  static boolean isAttempt(ClientHandshake request) {
    return hasToken(request.getFieldValue("Upgrade"), "websocket") || request.hasFieldValue("Sec-WebSocket-Key")
        || request.hasFieldValue("Sec-WebSocket-Version");
  }

  /** Null for a valid opening handshake; otherwise the answer it gets. */
  static HttpEndpoints.Response problem(RequestHead request) {
    if (!"GET".equals(request.method) || !"HTTP/1.1".equals(request.version)) {
      return HttpEndpoints.refused(400, "Bad Request", "a WebSocket handshake is a GET over HTTP/1.1");
    }
    if (request.getFieldValue("Host").isBlank()) return HttpEndpoints.refused(400, "Bad Request", "no Host header");
    if (!hasToken(request.getFieldValue("Upgrade"), "websocket")) {
      return HttpEndpoints.refused(400, "Bad Request", "Upgrade: websocket is missing");
    }
    if (!hasToken(request.getFieldValue("Connection"), "upgrade")) {
      return HttpEndpoints.refused(400, "Bad Request", "Connection: Upgrade is missing");
    }
    if (!"13".equals(request.getFieldValue("Sec-WebSocket-Version").trim())) {
      var r = HttpEndpoints.refused(426, "Upgrade Required", "this relay speaks WebSocket version 13");
      return r.withHeaders(Map.of("Sec-WebSocket-Version", "13"));
    }
    if (!validKey(request.getFieldValue("Sec-WebSocket-Key").trim())) {
      return HttpEndpoints.refused(400, "Bad Request", "Sec-WebSocket-Key must be 16 bytes in base64");
    }
    return null;
  }

  private static boolean validKey(String key) {
    try {
      return key.length() == 24 && Base64.getDecoder().decode(key).length == 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether a comma-separated header value holds {@code token} (case-insensitive). */
  private static boolean hasToken(String value, String token) {
    for (String part : value.split("[,;]")) { // the library joins repeated headers with "; "
      if (part.trim().toLowerCase(Locale.ROOT).equals(token)) return true;
    }
    return false;
  }
}
