package io.relayscope.fleet.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;

/** Reads a node's reply to a control request ({@code {"ok":true,...}} or {@code {"ok":false,"error":"..."}}). */
final class ControlReplies {
  private ControlReplies() {}

  static ControlOutcome read(ObjectMapper json, byte[] reply) {
    try {
      JsonNode node = json.readTree(reply);
      if (node != null && node.path("ok").asBoolean(false)) {
        return ControlOutcome.ok(node.path("detail").asText(node.path("message").asText("")));
      }
      String error = node == null ? "" : node.path("error").asText("");
      return new ControlOutcome(ControlOutcome.Kind.ERROR, error.isEmpty() ? new String(reply) : error);
    } catch (IOException e) {
      return new ControlOutcome(ControlOutcome.Kind.ERROR, "unreadable reply: " + new String(reply));
    }
  }

  /** jnats reports a 503 "no responders" status as the request failing; the text says which. */
  static boolean noResponders(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("no responders") || m.contains("503")) return true;
    }
    return false;
  }
}
