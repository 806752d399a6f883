package io.relayscope.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates raw input into {@link EngineEvent}s. Not thread-safe: one instance per consuming thread
 * (it reuses a decoder and a char buffer to keep the hot path free of large allocations).
 */
public final class EventParser {
  public static final int DEFAULT_MAX_DEPTH = 64;
  private static final int PREVIEW_BYTES = 120;
  /** "payload.machine_name" and the like, built once: built per event they were 8 % of the relay's allocation. */
  private static final String[] PAYLOAD_LABELS = new String[EventFields.NAME_FIELDS];

  static {
    for (int key = 0; key < EventFields.NAME_FIELDS; key++) PAYLOAD_LABELS[key] = "payload." + EventFields.NAMES[key];
  }

  private final JsonFactory factory;
  // The first top-level keys of the input being read, for a no_type rejection's detail.
  private final String[] firstNames = new String[8];
  private int names;
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
    this.factory = JsonFactory.builder().streamReadConstraints(constraints).build();
  }

  /** Parses {@code input}; {@code seq} becomes the event's relay sequence number if accepted. */
  public ParseOutcome parse(RawInput input, long seq) {
    byte[] bytes = input.bytes();
    if (input.tooLarge()) {
      return reject(input, RejectReason.TOO_LARGE, input.size() + " bytes or more");
    }
    if (startsWithBom(bytes)) {
      // RFC 8259 section 8.1 lets a parser ignore a leading byte order mark, and upstream's
      // json.loads(bytes) does: the event is good. Clients' JSON.parse and json.loads(str) fail on
      // U+FEFF, so it is not forwarded: the event is relayed from the byte after the mark.
      bytes = Arrays.copyOfRange(bytes, BOM.length, bytes.length);
      // Jackson would skip a second mark too, and forward it: only the first is the encoding's.
      if (startsWithBom(bytes)) return reject(input, RejectReason.NOT_JSON, "a second byte order mark where JSON should start");
      if (!bomSeen) {
        bomSeen = true;
        log.warn("input from {} starts with a UTF-8 byte order mark: stripped (this once said; engines should not send one)",
            input.source());
      }
    }
    String utf8Problem = checkUtf8(bytes);
    if (utf8Problem != null) {
      return reject(input, RejectReason.NOT_UTF8, utf8Problem);
    }
    var fields = new EventFields();
    String notObject;
    try (JsonParser p = factory.createParser(bytes)) {
      notObject = read(p, fields);
    } catch (StreamConstraintsException e) {
      boolean depth = e.getMessage() != null && e.getMessage().contains("depth");
      return reject(input, depth ? RejectReason.TOO_DEEP : RejectReason.TOO_LARGE, firstLine(e));
    } catch (JsonProcessingException e) {
      return reject(input, RejectReason.NOT_JSON, firstLine(e));
    } catch (IOException e) {
      return reject(input, RejectReason.NOT_JSON, e.toString());
    }
    if (notObject != null) {
      return reject(input, notObject.equals(EMPTY) ? RejectReason.NOT_JSON : RejectReason.NOT_OBJECT, notObject);
    }
    String type = fields.string(EventFields.TYPE);
    if (type == null) {
      type = fields.string(EventFields.EVENT_TYPE);
    }
    if (type == null) {
      return reject(input, RejectReason.NO_TYPE, "keys: " + fieldNames());
    }
    String longName = longName(fields);
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
            fields.string(EventFields.MACHINE_NAME),
            type,
            fields));
  }

  private static final String EMPTY = "empty input";
  private static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
  private static final Logger log = LoggerFactory.getLogger(EventParser.class);
  private boolean bomSeen;

  private static boolean startsWithBom(byte[] b) {
    return b.length >= BOM.length && b[0] == BOM[0] && b[1] == BOM[1] && b[2] == BOM[2];
  }

  /**
   * One streaming pass over the whole input: every token is checked (syntax, depth, nothing after
   * the value), and only the fields the relay reads are kept. No tree is built: it was the hub's
   * largest cost per event. Returns why the input is not an object (or {@link #EMPTY}), else null.
   */
  private String read(JsonParser p, EventFields fields) throws IOException {
    names = 0;
    JsonToken t = p.nextToken();
    if (t == null) return EMPTY;
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      checkEnd(p);
      return "top level is " + switch (t) {
        case START_ARRAY -> "array";
        case VALUE_STRING -> "string";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
        case VALUE_TRUE, VALUE_FALSE -> "boolean";
        case VALUE_NULL -> "null";
        default -> t.name().toLowerCase();
      };
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      if (names < firstNames.length) firstNames[names++] = name;
      JsonToken v = p.nextToken();
      if (name.equals("payload")) {
        fields.clearPayload();
        if (v == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            int key = EventFields.key(p.currentName());
            JsonToken pv = p.nextToken();
            if (key >= 0) fields.payload(key, text(p, pv, key), pv == JsonToken.VALUE_STRING);
            p.skipChildren();
          }
        } else {
          p.skipChildren();
        }
        continue;
      }
      int key = EventFields.key(name);
      if (key >= 0) fields.top(key, text(p, v, key), v == JsonToken.VALUE_STRING);
      p.skipChildren();
    }
    checkEnd(p);
    return null;
  }

  /**
   * What a JSON tree's {@code asText()} gives for the value at {@code t} (null for JSON null). A field
   * only the one-line summary reads ({@link EventFields#summaryOnly}) keeps no more than the summary
   * can show: a 2 KB message was a 2 KB string per event, made to be cut to 200 characters.
   */
  private static String text(JsonParser p, JsonToken t, int key) throws IOException {
    return switch (t) {
      case VALUE_NULL -> null;
      case START_OBJECT, START_ARRAY -> "";
      case VALUE_STRING -> EventFields.summaryOnly(key) && p.getTextLength() > EventSummary.MAX
          ? new String(p.getTextCharacters(), p.getTextOffset(), EventSummary.MAX + 1)
          : p.getText();
      default -> p.getText();
    };
  }

  /** Nothing may follow the value, as with FAIL_ON_TRAILING_TOKENS. */
  private static void checkEnd(JsonParser p) throws IOException {
    JsonToken trailing = p.nextToken();
    if (trailing != null) {
      throw new JsonParseException(p, "Trailing token (of type " + trailing + ") found after value");
    }
  }

  /** Which name field is over the limit, and by how much; null when all fit. */
  private String longName(EventFields fields) {
    if (maxNameBytes == Integer.MAX_VALUE) return null;
    for (int key = 0; key < EventFields.NAME_FIELDS; key++) {
      String field = EventFields.NAMES[key];
      String problem = longName(fields.string(key), field);
      if (problem == null) problem = longName(fields.payloadString(key), PAYLOAD_LABELS[key]);
      if (problem != null) return problem;
    }
    return longName(fields.string(EventFields.TYPE), "type"); // the journal keeps it with every event
  }

  private String longName(String v, String label) {
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

  /** The first top-level keys of the input last read (the journal keeps this detail). */
  private String fieldNames() {
    var sb = new StringBuilder("[");
    for (int i = 0; i < names; i++) {
      if (i > 0) sb.append(", ");
      String name = firstNames[i];
      sb.append(name.length() > 40 ? name.substring(0, 40) + "…" : name);
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
