package io.relayscope.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/** A one-line, human description of an event, for the journal and the event log. */
public final class EventSummary {
  private static final int MAX = 200;

  private EventSummary() {}

  public static String of(EngineEvent event) {
    JsonNode p = event.payload();
    String s = switch (event.type()) {
      case "state_change" -> text(p, "from_state") + " → " + text(p, "to_state")
          + (p.hasNonNull("event_trigger") ? " (" + text(p, "event_trigger") + ")" : "");
      case "activity_log" -> (p.hasNonNull("level") ? "[" + text(p, "level") + "] " : "") + text(p, "message");
      case "machine_registered" -> "registered as " + text(p, "config_type") + " in " + text(p, "current_state");
      case "machine_terminated" -> "terminated";
      case "error" -> "error: " + text(p, "error_message") + (p.hasNonNull("job_id") ? " (job " + text(p, "job_id") + ")" : "");
      case "job_started", "job_completed" -> text(p, "job_type") + " job " + text(p, "job_id");
      default -> new String(event.raw(), 0, Math.min(event.raw().length, MAX), StandardCharsets.UTF_8);
    };
    return s.length() > MAX ? s.substring(0, MAX - 1) + "…" : s;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? "?" : v.asText();
  }
}
