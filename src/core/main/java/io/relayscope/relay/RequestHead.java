package io.relayscope.relay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.Role;
import org.java_websocket.exceptions.IncompleteHandshakeException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.handshake.HandshakeBuilder;
import org.java_websocket.handshake.HandshakeImpl1Client;

/**
 * An HTTP request head, read within a size cap. Java-WebSocket's parser takes only {@code GET ...
 * HTTP/1.1} and buffers a head without end; we bound the head first, keep the method and version,
 * and hand the header lines to the library's parser behind a request line it accepts. A head we
 * cannot take still becomes a {@code RequestHead} (with its {@link Problem}), so it gets a real
 * HTTP answer (400, 405, 431) rather than the library's 404.
 */
final class RequestHead extends HandshakeImpl1Client {
  enum Problem { NONE, TOO_LARGE, MALFORMED }

  private static final byte[] END = {'\r', '\n', '\r', '\n'};

  final String method;
  final String version;
  final Problem problem;

  private RequestHead(String method, String version, Problem problem) {
    this.method = method;
    this.version = version;
    this.problem = problem;
  }

  boolean isHead() {
    return "HEAD".equals(method);
  }

  /**
   * Reads a head from {@code buf}, leaving it just past the head (any bytes after it are frames).
   * Throws {@link IncompleteHandshakeException} while the head is unfinished and within the cap.
   */
  static RequestHead read(ByteBuffer buf, int maxBytes) throws IncompleteHandshakeException {
    int start = buf.position();
    int end = endOfHead(buf, start, maxBytes);
    if (end < 0) {
      if (buf.remaining() < maxBytes) throw new IncompleteHandshakeException();
      buf.position(buf.limit()); // nothing of it is worth keeping
      return new RequestHead("", "", Problem.TOO_LARGE);
    }
    ByteBuffer head = buf.duplicate().position(start).limit(end);
    buf.position(end);
    String requestLine = Draft.readStringLine(head);
    String[] parts = requestLine == null ? new String[0] : requestLine.split(" ", 3);
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) return new RequestHead("", "", Problem.MALFORMED);
    var result = new RequestHead(parts[0], parts[2], Problem.NONE);
    byte[] line = ("GET " + parts[1] + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer normalized = ByteBuffer.allocate(line.length + head.remaining()).put(line).put(head).flip();
    try {
      HandshakeBuilder parsed = Draft.translateHandshakeHttp(normalized, Role.SERVER);
      result.setResourceDescriptor(parts[1]);
      var it = parsed.iterateHttpFields();
      while (it.hasNext()) {
        String name = it.next();
        result.put(name, parsed.getFieldValue(name));
      }
      return result;
    } catch (InvalidHandshakeException e) {
      return new RequestHead(parts[0], parts[2], Problem.MALFORMED);
    }
  }

  /** The index just past the first CRLFCRLF that ends within {@code maxBytes} of {@code from}, or -1. */
  private static int endOfHead(ByteBuffer buf, int from, int maxBytes) {
    int last = Math.min(buf.limit(), from + maxBytes) - END.length;
    for (int i = from; i <= last; i++) {
      if (buf.get(i) == END[0] && buf.get(i + 1) == END[1] && buf.get(i + 2) == END[2] && buf.get(i + 3) == END[3]) {
        return i + END.length;
      }
    }
    return -1;
  }
}
