package io.relayscope.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Validates raw input into {@link EngineEvent}s. Not thread-safe: one instance per consuming thread
 * (it reuses a decoder and a char buffer to keep the hot path free of large allocations).
 */
public final class EventParser {
  public static final int DEFAULT_MAX_DEPTH = 64;
  private static final int PREVIEW_BYTES = 120;
  /** The fields the machine table keeps, at the top level or in {@code payload}: bounded in length. */
  private static final String[] NAME_FIELDS = {
    "machine_name", "current_state", "from_state", "to_state", "config_type", "event_trigger"
  };

  private final ObjectReader reader;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private CharBuffer scratch = CharBuffer.allocate(4096);
  private final int maxNameBytes;

  public EventParser(int maxBytes, int maxDepth) {
    this(maxBytes, maxDepth, Integer.MAX_VALUE);
  }

  /** {@code maxNameBytes}: the longest machine name, state or config type (UTF-8) accepted. */
  public EventParser(int maxBytes, int maxDepth, int maxNameBytes) {
    this.maxNameBytes = maxNameBytes;
    var constraints =
        StreamReadConstraints.builder()
            .maxNestingDepth(maxDepth)
            .maxStringLength(Math.max(maxBytes, 1))
            .maxNumberLength(1000)
            .maxDocumentLength(maxBytes)
            .build();
    var factory = JsonFactory.builder().streamReadConstraints(constraints).build();
    this.reader =
        new ObjectMapper(factory).readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** Parses {@code input}; {@code seq} becomes the event's relay sequence number if accepted. */
  public ParseOutcome parse(RawInput input, long seq) {
    byte[] bytes = input.bytes();
    if (input.tooLarge()) {
      return reject(input, RejectReason.TOO_LARGE, input.size() + " bytes or more");
    }
    String utf8Problem = checkUtf8(bytes);
    if (utf8Problem != null) {
      return reject(input, RejectReason.NOT_UTF8, utf8Problem);
    }
    JsonNode root;
    try {
      root = reader.readValue(bytes);
    } catch (StreamConstraintsException e) {
      boolean depth = e.getMessage() != null && e.getMessage().contains("depth");
      return reject(input, depth ? RejectReason.TOO_DEEP : RejectReason.TOO_LARGE, firstLine(e));
    } catch (JsonProcessingException e) {
      return reject(input, RejectReason.NOT_JSON, firstLine(e));
    } catch (IOException e) {
      return reject(input, RejectReason.NOT_JSON, e.toString());
    }
    if (root == null || root.isMissingNode()) {
      return reject(input, RejectReason.NOT_JSON, "empty input");
    }
    if (!(root instanceof ObjectNode object)) {
      return reject(input, RejectReason.NOT_OBJECT, "top level is " + root.getNodeType().name().toLowerCase());
    }
    String type = text(object, "type");
    if (type == null) {
      type = text(object, "event_type");
    }
    if (type == null) {
      return reject(input, RejectReason.NO_TYPE, "keys: " + fieldNames(object));
    }
    String longName = longName(object);
    if (longName == null) longName = longName(object, "type", "type"); // the journal keeps it with every event
    if (longName != null) {
      return reject(input, RejectReason.NAME_TOO_LONG, longName);
    }
    return new ParseOutcome.Accepted(
        new EngineEvent(
            seq,
            input.source(),
            input.receivedAtNanos(),
            input.receivedAtMillis(),
            bytes,
            text(object, "machine_name"),
            type,
            object));
  }

  /** Which name field is over the limit, and by how much; null when all fit. */
  private String longName(ObjectNode object) {
    if (maxNameBytes == Integer.MAX_VALUE) return null;
    JsonNode payload = object.get("payload");
    for (String field : NAME_FIELDS) {
      String problem = longName(object, field, field);
      if (problem == null && payload instanceof ObjectNode p) problem = longName(p, field, "payload." + field);
      if (problem != null) return problem;
    }
    return null;
  }

  private String longName(ObjectNode node, String field, String label) {
    String v = text(node, field);
    // A char is at most 3 UTF-8 bytes (a surrogate pair, 2 chars, is 4): count only when it could be over.
    if (v == null || (long) v.length() * 3 <= maxNameBytes) return null;
    int bytes = v.getBytes(StandardCharsets.UTF_8).length;
    return bytes <= maxNameBytes ? null : label + " is " + bytes + " bytes (at most " + maxNameBytes + ")";
  }

  private String checkUtf8(byte[] bytes) {
    if (scratch.capacity() < bytes.length) {
      scratch = CharBuffer.allocate(Math.max(bytes.length, scratch.capacity() * 2));
    }
    scratch.clear();
    utf8.reset();
    var in = ByteBuffer.wrap(bytes);
    var result = utf8.decode(in, scratch, true);
    if (result.isError()) {
      return "malformed byte sequence at offset " + in.position();
    }
    result = utf8.flush(scratch);
    if (result.isError()) {
      return "truncated byte sequence at end";
    }
    return null;
  }

  private static String text(ObjectNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.textValue() : null;
  }

  private static String fieldNames(ObjectNode node) {
    var sb = new StringBuilder("[");
    var it = node.fieldNames();
    for (int i = 0; it.hasNext() && i < 8; i++) {
      if (i > 0) sb.append(", ");
      String name = it.next();
      sb.append(name.length() > 40 ? name.substring(0, 40) + "…" : name); // the journal keeps this detail
    }
    return sb.append(']').toString();
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static ParseOutcome reject(RawInput input, RejectReason reason, String detail) {
    return new ParseOutcome.Rejected(input, reason, detail, preview(input.bytes()));
  }

  /** A short, printable preview of input bytes for the journal and the console. */
  public static String preview(byte[] bytes) {
    int n = Math.min(bytes.length, PREVIEW_BYTES);
    var sb = new StringBuilder(n + 8);
    for (int i = 0; i < n; i++) {
      int b = bytes[i] & 0xff;
      if (b >= 0x20 && b < 0x7f) {
        sb.append((char) b);
      } else {
        sb.append(String.format("\\x%02x", b));
      }
    }
    if (bytes.length > n) sb.append('…');
    return sb.toString();
  }

}
