package io.relayscope.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** One HTTP exchange on a bare socket: exactly the bytes we choose, read until the relay closes. */
public final class RawHttp {
  /** The answer: status line, head, body, and whether the relay closed. */
  public record Answer(String statusLine, String head, byte[] body, boolean closedByRelay) {
    public int status() {
      String[] parts = statusLine.split(" ");
      return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
    }

    /** The value of a header (case-insensitive name), or null. */
    public String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
      }
      return null;
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private RawHttp() {}

  public static Answer exchange(int port, String request) throws IOException {
    return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Sends the request (stopping quietly if the relay closes mid-way) and reads the whole answer. */
  public static Answer exchange(int port, byte[] request) throws IOException {
    try (var s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      s.setSoTimeout(15_000);
      try {
        s.getOutputStream().write(request);
        s.getOutputStream().flush();
      } catch (SocketException e) {
        // the relay answered and closed before taking it all
      }
      InputStream in = s.getInputStream();
      var all = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      boolean closed = false;
      try {
        int n;
        while ((n = in.read(buf)) >= 0) all.write(buf, 0, n);
        closed = true;
      } catch (SocketException e) {
        closed = true; // reset after the answer: also closed
      }
      byte[] bytes = all.toByteArray();
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      String head = end < 0 ? text : text.substring(0, end);
      byte[] body = end < 0 ? new byte[0] : java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
      String status = head.contains("\r\n") ? head.substring(0, head.indexOf("\r\n")) : head;
      return new Answer(status, head, body, closed);
    }
  }
}
