package io.relayscope.event;

import java.util.Arrays;

/**
 * The few fields the relay reads from an event (for its machine table, the name limits and the
 * journal's summary), taken in the parser's single streaming pass, at the top level and in
 * {@code payload}. Everything else in the event is validated and forwarded, never kept.
 *
 * <p>Each field holds what a JSON tree would say of it: missing or {@code null} is {@code null};
 * a string is itself and textual; a number or boolean is its text, not textual; an object or
 * array is {@code ""}, not textual. A key given twice keeps its last value, as a tree does.
 */
public final class EventFields {
  public static final int MACHINE_NAME = 0;
  public static final int CURRENT_STATE = 1;
  public static final int FROM_STATE = 2;
  public static final int TO_STATE = 3;
  public static final int CONFIG_TYPE = 4;
  public static final int EVENT_TRIGGER = 5;
  public static final int TYPE = 6;
  public static final int EVENT_TYPE = 7;
  public static final int LEVEL = 8;
  public static final int MESSAGE = 9;
  public static final int ERROR_MESSAGE = 10;
  public static final int JOB_ID = 11;
  public static final int JOB_TYPE = 12;
  static final String[] NAMES = {
    "machine_name", "current_state", "from_state", "to_state", "config_type", "event_trigger", "type", "event_type",
    "level", "message", "error_message", "job_id", "job_type"
  };
  /**
   * Whether field {@code key} is read only by {@link EventSummary} (which shows at most
   * {@link EventSummary#MAX} characters): the parser may keep just the start of it.
   */
  static boolean summaryOnly(int key) {
    return key == MESSAGE || key == ERROR_MESSAGE;
  }

  /** Fields bounded by --max-machine-name: the machine table keeps them (indexes 0 to 5). */
  static final int NAME_FIELDS = 6;

  private final String[] top = new String[NAMES.length];
  private final String[] payload = new String[NAMES.length];
  // Bit i set: field i is a JSON string.
  private int topTextual;
  private int payloadTextual;

  /** The index of {@code name} among the fields kept, or -1. */
  static int key(String name) {
    return switch (name) {
      case "machine_name" -> MACHINE_NAME;
      case "current_state" -> CURRENT_STATE;
      case "from_state" -> FROM_STATE;
      case "to_state" -> TO_STATE;
      case "config_type" -> CONFIG_TYPE;
      case "event_trigger" -> EVENT_TRIGGER;
      case "type" -> TYPE;
      case "event_type" -> EVENT_TYPE;
      case "level" -> LEVEL;
      case "message" -> MESSAGE;
      case "error_message" -> ERROR_MESSAGE;
      case "job_id" -> JOB_ID;
      case "job_type" -> JOB_TYPE;
      default -> -1;
    };
  }

  void top(int key, String text, boolean textual) {
    top[key] = text;
    topTextual = textual ? topTextual | 1 << key : topTextual & ~(1 << key);
  }

  void payload(int key, String text, boolean textual) {
    payload[key] = text;
    payloadTextual = textual ? payloadTextual | 1 << key : payloadTextual & ~(1 << key);
  }

  /** A second {@code payload} key replaces the first, whatever it held. */
  void clearPayload() {
    Arrays.fill(payload, null);
    payloadTextual = 0;
  }

  /** The top-level field {@code key} if it is a string, else null. */
  public String string(int key) {
    return (topTextual & 1 << key) != 0 ? top[key] : null;
  }

  /** The payload's field {@code key} if it is a string, else null. */
  public String payloadString(int key) {
    return (payloadTextual & 1 << key) != 0 ? payload[key] : null;
  }

  /** The payload's field {@code key} as text (a number's digits, {@code ""} for an object); null if missing or null. */
  public String payloadText(int key) {
    return payload[key];
  }
}
