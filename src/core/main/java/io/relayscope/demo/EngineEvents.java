package io.relayscope.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/** Builds events in statemachine-engine's envelope: {@code {"machine_name", "type", "payload"}}. */
public final class EngineEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EngineEvents() {}

  public static ObjectNode payload() {
    return JSON.createObjectNode();
  }

  public static byte[] event(String machine, String type, ObjectNode payload) {
    ObjectNode root = JSON.createObjectNode();
    root.put("machine_name", machine);
    root.put("type", type);
    if (!payload.has("timestamp")) payload.put("timestamp", now());
    root.set("payload", payload);
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] registered(String machine, String configType, String state) {
    var p = payload().put("machine_name", machine).put("config_type", configType).put("current_state", state);
    return event(machine, "machine_registered", p);
  }

  public static byte[] stateChange(String machine, String from, String to, String trigger) {
    return event(machine, "state_change", payload().put("from_state", from).put("to_state", to).put("event_trigger", trigger));
  }

  public static byte[] activity(String machine, String message, String level) {
    return event(machine, "activity_log", payload().put("message", message).put("level", level));
  }

  public static byte[] job(String machine, String type, String jobId, String jobType) {
    return event(machine, type, payload().put("job_id", jobId).put("job_type", jobType));
  }

  public static byte[] error(String machine, String message, String jobId) {
    return event(machine, "error", payload().put("error_message", message).put("job_id", jobId));
  }

  /** Parses an operator's {@code --payload}; the message says what is wrong. */
  public static ObjectNode parsePayload(String json) {
    try {
      var node = JSON.readTree(json == null || json.isBlank() ? "{}" : json);
      if (!(node instanceof ObjectNode o)) throw new IllegalArgumentException("payload must be a JSON object, got: " + json);
      return o;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("payload is not valid JSON: " + e.getOriginalMessage());
    }
  }

  public static byte[] toBytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static BigDecimal now() {
    return BigDecimal.valueOf(System.currentTimeMillis(), 3);
  }
}
