package io.relayscope.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a bare socket that writes hand-built frames: fragments without FIN, control
 * frames in bulk, unmasked frames. What an attacker sends and a well-behaved library never would.
 */
public final class RawWsClient implements AutoCloseable {
  public static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

  /** A frame the relay sent: opcode, payload, and for a close frame its code (else -1). */
  public record Frame(int opcode, byte[] payload) {
    public int closeCode() {
      return opcode == CLOSE && payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
    }

    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  public final String responseHead;

  private RawWsClient(Socket socket, String responseHead) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(socket.getInputStream());
    this.responseHead = responseHead;
  }

  /** Connects and completes the handshake; fails unless the relay answers 101. */
  public static RawWsClient connect(int port) throws IOException {
    RawWsClient c = open(port, "/ws/events", "");
    if (!c.responseHead.startsWith("HTTP/1.1 101")) {
      c.close();
      throw new IOException("handshake refused: " + c.responseHead);
    }
    return c;
  }

  /** As {@link #connect(int)}, with a receive buffer of {@code receiveBufferBytes}: a small window fills at once. */
  public static RawWsClient connect(int port, int receiveBufferBytes) throws IOException {
    RawWsClient c = open(port, "/ws/events", "", receiveBufferBytes);
    if (!c.responseHead.startsWith("HTTP/1.1 101")) {
      c.close();
      throw new IOException("handshake refused: " + c.responseHead);
    }
    return c;
  }

  /** Connects and sends an upgrade request; the relay's answer, whatever it is, is in {@link #responseHead}. */
  public static RawWsClient open(int port, String path, String extraHeaders) throws IOException {
    return open(port, path, extraHeaders, 0);
  }

  private static RawWsClient open(int port, String path, String extraHeaders, int receiveBufferBytes) throws IOException {
    var s = new Socket();
    if (receiveBufferBytes > 0) s.setReceiveBufferSize(receiveBufferBytes); // before connect, so the window stays small
    s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    s.setSoTimeout(15_000);
    String key = Base64.getEncoder().encodeToString("relayscope-raw-ws".substring(0, 16).getBytes(StandardCharsets.US_ASCII));
    String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
    s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
    return new RawWsClient(s, readHead(s.getInputStream()));
  }

  /** Reads a response head byte by byte, so no frame bytes beyond it are consumed. */
  static String readHead(InputStream in) throws IOException {
    var head = new StringBuilder();
    while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) return head.toString();
      head.append((char) b);
    }
    return head.toString();
  }

  /** Writes one frame, masked as RFC 6455 requires of clients. */
  public void send(int opcode, boolean fin, byte[] payload) throws IOException {
    send(opcode, fin, payload, true);
  }

  public void send(int opcode, boolean fin, byte[] payload, boolean masked) throws IOException {
    out.write(frame(opcode, fin, payload, masked));
  }

  /** Writes many frames in one write (a flood). */
  public void sendAll(byte[] frames) throws IOException {
    out.write(frames);
  }

  public static byte[] frame(int opcode, boolean fin, byte[] payload, boolean masked) {
    var b = new ByteArrayOutputStream(payload.length + 14);
    b.write((fin ? 0x80 : 0) | opcode);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length <= 125) {
      b.write(maskBit | payload.length);
    } else if (payload.length <= 0xffff) {
      b.write(maskBit | 126);
      b.write(payload.length >>> 8);
      b.write(payload.length & 0xff);
    } else {
      b.write(maskBit | 127);
      long n = payload.length;
      for (int i = 7; i >= 0; i--) b.write((int) (n >>> (8 * i)) & 0xff);
    }
    if (!masked) {
      b.writeBytes(payload);
      return b.toByteArray();
    }
    byte[] key = new byte[4];
    ThreadLocalRandom.current().nextBytes(key);
    b.writeBytes(key);
    byte[] m = new byte[payload.length];
    for (int i = 0; i < m.length; i++) m[i] = (byte) (payload[i] ^ key[i % 4]);
    b.writeBytes(m);
    return b.toByteArray();
  }

  /** The next frame from the relay, or null when the connection ends first. */
  public Frame read() throws IOException {
    try {
      int b1 = in.readUnsignedByte();
      int b2 = in.readUnsignedByte();
      long len = b2 & 0x7f;
      if (len == 126) len = in.readUnsignedShort();
      else if (len == 127) len = in.readLong();
      byte[] payload = new byte[(int) len];
      in.readFully(payload);
      return new Frame(b1 & 0x0f, payload);
    } catch (EOFException | SocketException e) {
      return null;
    }
  }

  /** Reads until a close frame (its code) or the end of the connection (-1). Times out after 15 s of silence. */
  public int readUntilClose() throws IOException {
    Frame f;
    while ((f = read()) != null) {
      if (f.opcode() == CLOSE) return f.closeCode();
    }
    return -1;
  }

  /** Counts frames of one opcode until the connection goes quiet for {@code quietMs} or ends. */
  public int countUntilQuiet(int opcode, int quietMs) throws IOException {
    int n = 0;
    socket.setSoTimeout(quietMs);
    try {
      Frame f;
      while ((f = read()) != null) {
        if (f.opcode() == opcode) n++;
        if (f.opcode() == CLOSE) break;
      }
    } catch (SocketTimeoutException e) {
      // quiet
    } finally {
      socket.setSoTimeout(15_000);
    }
    return n;
  }

  public void setReadTimeout(int ms) throws IOException {
    socket.setSoTimeout(ms);
  }

  /** The next frame, or null if none came within the read timeout (or the connection ended). */
  public Frame readOrTimeout() throws IOException {
    try {
      return read();
    } catch (SocketTimeoutException e) {
      return null;
    }
  }

  /** Whether bytes are waiting to be read now (without blocking). */
  public boolean hasData() throws IOException {
    return in.available() > 0;
  }

  /** True if the relay's end of the stream comes next (a FIN), false if a reset or data comes instead. */
  public boolean endsWithoutReset() throws IOException {
    try {
      return socket.getInputStream().read() < 0;
    } catch (SocketException e) {
      return false;
    }
  }

  public boolean isClosedByPeer() {
    try {
      return socket.getInputStream().read() < 0;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
