package io.relayscope.event;

import static io.relayscope.event.EventFields.*;

import java.nio.charset.StandardCharsets;

/** A one-line, human description of an event, for the journal and the event log. */
public final class EventSummary {
  /** The longest summary, in characters; longer ones are cut and end in "…". */
  static final int MAX = 200;

  private EventSummary() {}

  public static String of(EngineEvent event) {
    EventFields p = event.fields();
    String s = switch (event.type()) {
      case "state_change" -> text(p, FROM_STATE) + " → " + text(p, TO_STATE)
          + (p.payloadText(EVENT_TRIGGER) != null ? " (" + text(p, EVENT_TRIGGER) + ")" : "");
      case "activity_log" -> p.payloadText(LEVEL) != null ? "[" + text(p, LEVEL) + "] " + text(p, MESSAGE) : text(p, MESSAGE);
      case "machine_registered" -> "registered as " + text(p, CONFIG_TYPE) + " in " + text(p, CURRENT_STATE);
      case "machine_terminated" -> "terminated";
      case "error" -> "error: " + text(p, ERROR_MESSAGE) + (p.payloadText(JOB_ID) != null ? " (job " + text(p, JOB_ID) + ")" : "");
      case "job_started", "job_completed" -> text(p, JOB_TYPE) + " job " + text(p, JOB_ID);
      default -> new String(event.raw(), 0, Math.min(event.raw().length, MAX), StandardCharsets.UTF_8);
    };
    return s.length() > MAX ? s.substring(0, MAX - 1) + "…" : s;
  }

  /** The payload's field as text; "?" when missing or null. */
  private static String text(EventFields p, int key) {
    String v = p.payloadText(key);
    return v == null ? "?" : v;
  }
}
