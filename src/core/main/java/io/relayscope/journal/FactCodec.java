package io.relayscope.journal;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
    var line = new LineEncoder();
    int n = line.encode(f);
    return new String(line.buffer.array(), 0, n - 1, StandardCharsets.UTF_8);
  }

  /**
   * Encodes facts as JSON lines straight into a reusable byte buffer: no JSON tree, no String, no
   * second pass to count bytes. The journal writer encodes every fact the relay appends (one per
   * event and more), so this is on the path that decides how many events a burst can carry.
   * Not thread-safe: one per writing thread.
   */
  public static final class LineEncoder {
    // Root values back to back: this class writes each line's newline itself.
    private static final ObjectMapper LINES =
        new ObjectMapper(new JsonFactoryBuilder().rootValueSeparator((String) null).build());
    private final LineBuffer buffer = new LineBuffer();
    // One generator for every line (creating one per fact cost as much as writing the fact);
    // dropped after a failure, which may leave it inside an unfinished object.
    private JsonGenerator g;

    /** Encodes {@code f} and its newline; returns the line's length in bytes. */
    public int encode(JournalFact f) {
      buffer.reset();
      try {
        if (g == null) g = LINES.createGenerator(buffer);
        g.writeStartObject();
        if (f.run().known()) {
          g.writeStringField("run", f.run().id());
          g.writeNumberField("run_started", f.run().startedAtMillis());
        }
        g.writeNumberField("id", f.id());
        g.writeNumberField("at", f.atMillis());
        g.writeStringField("kind", f.kind().name());
        g.writeStringField("subject", f.subject());
        g.writeObjectFieldStart("fields");
        if (f.fields() instanceof ReceivedEventFields r) {
          writeFields(g, r); // one per event: no entries, no boxing
        } else {
          for (var e : f.fields().entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue());
          }
        }
        g.writeEndObject();
        g.writeEndObject();
        g.flush();
      } catch (IOException | RuntimeException e) {
        g = null;
        if (e instanceof IOException io) throw new UncheckedIOException(io); // a byte array does not fail
        throw (RuntimeException) e;
      }
      buffer.write('\n');
      return buffer.size();
    }

    /** The line last encoded, newline included; valid until the next {@link #encode}. */
    public ByteBuffer bytes() {
      return ByteBuffer.wrap(buffer.array(), 0, buffer.size());
    }

    /** The same fields, in the same order, as iterating the map writes. */
    private static void writeFields(JsonGenerator g, ReceivedEventFields r) throws IOException {
      g.writeNumberField("seq", r.seq());
      g.writeStringField("type", r.type());
      g.writeNumberField("bytes", r.bytes());
      g.writeStringField("source", r.source());
      g.writeStringField("summary", r.summary());
      if (r.machine() != null) g.writeStringField("machine", r.machine());
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
      if (v instanceof String s) {
        g.writeString(s);
      } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
        g.writeNumber(((Number) v).longValue());
      } else if (v instanceof Double d) {
        g.writeNumber(d);
      } else if (v instanceof Boolean b) {
        g.writeBoolean(b);
      } else {
        g.writeObject(v); // anything else, as Jackson maps it
      }
    }
  }

  /** A byte buffer whose array can be written without copying it. */
  private static final class LineBuffer extends ByteArrayOutputStream {
    LineBuffer() {
      super(1024);
    }

    byte[] array() {
      return buf;
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
    return decode(o);
  }

  /** Decodes a fact already read as JSON (e.g. one element of a fleet journal batch). */
  public static JournalFact decode(JsonNode o) {
    if (o == null || !o.isObject() || !o.has("id") || !o.has("at") || !o.has("kind")) {
      throw new IllegalArgumentException("not a journal fact");
    }
    FactKind kind;
    try {
      kind = FactKind.parse(o.get("kind").asText());
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
