package io.relayscope.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One fact as one JSON line:
 * {@code {"run":"…","run_started":epochMillis,"id":…,"at":epochMillis,"kind":"…","subject":"…","fields":{…}}}.
 * {@code atNanos} (monotonic, meaningless across runs) is not stored. Lines from before runs were
 * recorded have no {@code run}: they decode to {@link RelayRun#UNKNOWN}.
 */
public final class FactCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FactCodec() {}

  public static String encode(JournalFact f) {
    ObjectNode o = JSON.createObjectNode();
    if (f.run().known()) {
      o.put("run", f.run().id());
      o.put("run_started", f.run().startedAtMillis());
    }
    o.put("id", f.id());
    o.put("at", f.atMillis());
    o.put("kind", f.kind().name());
    o.put("subject", f.subject());
    o.set("fields", JSON.valueToTree(f.fields()));
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The fact's fields alone, as a JSON object. */
  public static String encodeFields(JournalFact f) {
    try {
      return JSON.writeValueAsString(f.fields());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Decodes a line; throws {@link IllegalArgumentException} for a line that is not a whole fact. */
  public static JournalFact decode(String line) {
    JsonNode o;
    try {
      o = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON line: " + e.getOriginalMessage());
    }
    if (o == null || !o.isObject() || !o.has("id") || !o.has("at") || !o.has("kind")) {
      throw new IllegalArgumentException("not a journal fact");
    }
    FactKind kind;
    try {
      kind = FactKind.valueOf(o.get("kind").asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown kind " + o.get("kind").asText());
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    JsonNode f = o.path("fields");
    f.fieldNames().forEachRemaining(name -> fields.put(name, value(f.get(name))));
    RelayRun run = o.hasNonNull("run") && !o.get("run").asText().isEmpty()
        ? new RelayRun(o.get("run").asText(), o.path("run_started").asLong(0)) : RelayRun.UNKNOWN;
    return new JournalFact(run, o.get("id").asLong(), o.get("at").asLong(), 0, kind, o.path("subject").asText(""), fields);
  }

  private static Object value(JsonNode v) {
    if (v.isIntegralNumber()) return v.asLong();
    if (v.isNumber()) return v.asDouble();
    if (v.isBoolean()) return v.asBoolean();
    if (v.isNull()) return "";
    return v.asText();
  }
}
