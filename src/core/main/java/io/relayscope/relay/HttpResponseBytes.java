package io.relayscope.relay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshake;

/**
 * Writes an ordinary HTTP/1.1 response (not a 101) from a handshake builder: status, headers, body,
 * always {@code Connection: close}. An HTTP/1.0 client reads it as well (RFC 9110 section 6.2: a
 * server answers with its own highest version). A builder that already has a {@code Content-Length}
 * (the answer to a HEAD) gets no body.
 */
final class HttpResponseBytes {
  private HttpResponseBytes() {}

  /** True when the builder carries a real HTTP answer rather than a WebSocket upgrade. */
  static boolean isPlainResponse(Handshakedata data) {
    return data instanceof ServerHandshake s && s.getHttpStatus() != 0 && s.getHttpStatus() != 101;
  }

  static List<ByteBuffer> of(Handshakedata data) {
    var response = (ServerHandshake) data;
    byte[] body = data.getContent() == null ? new byte[0] : data.getContent();
    var head = new StringBuilder(256);
    head.append("HTTP/1.1 ").append(response.getHttpStatus()).append(' ').append(response.getHttpStatusMessage()).append("\r\n");
    var it = data.iterateHttpFields();
    while (it.hasNext()) {
      String name = it.next();
      head.append(name).append(": ").append(data.getFieldValue(name)).append("\r\n");
    }
    if (!data.hasFieldValue("Content-Length")) head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer out = ByteBuffer.allocate(h.length + body.length).put(h).put(body);
    out.flip();
    return Collections.singletonList(out);
  }
}
