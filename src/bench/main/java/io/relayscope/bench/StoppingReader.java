package io.relayscope.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A WebSocket reader on a plain socket that reads exactly one frame at a time — never a byte of the
 * next — answers pings while it reads, and stops reading for good after {@code stopAfter} events.
 * So the ground truth of a stall is exact: the last event it read, when it stopped, and when the first
 * byte it never read arrived. (A library client reads ahead into its own buffer, which blurs all three.)
 */
final class StoppingReader implements AutoCloseable {
  private static final String MARK = "\"n\":";

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final long stopAfter;
  private final Thread thread;
  private volatile long eventsRead;
  private volatile int lastEvent = -1;
  private volatile long stoppedAtNanos;
  private volatile long firstUnreadNanos;
  private volatile boolean behindAtStop;
  private volatile IOException failure;

  private StoppingReader(Socket socket, long stopAfter, String name) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream()); // unbuffered: no read-ahead
    this.out = socket.getOutputStream();
    this.stopAfter = stopAfter;
    this.thread = new Thread(this::read, name);
    thread.setDaemon(true);
  }

  /** Connects to {@code url} as {@code userAgent} and starts reading; {@code Long.MAX_VALUE}: never stops. */
  static StoppingReader connect(String url, String userAgent, long stopAfter) throws IOException {
    URI uri = URI.create(url);
    var socket = new Socket(uri.getHost(), uri.getPort());
    try {
      socket.setTcpNoDelay(true);
      byte[] key = new byte[16];
      ThreadLocalRandom.current().nextBytes(key);
      String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
          + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
          + Base64.getEncoder().encodeToString(key) + "\r\nUser-Agent: " + userAgent + "\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String status = readHead(socket);
      if (!status.startsWith("HTTP/1.1 101")) throw new IOException("handshake refused: " + status);
      var reader = new StoppingReader(socket, stopAfter, "bench-reader-" + userAgent);
      reader.thread.start();
      return reader;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** The response head, a byte at a time so nothing after it is consumed; returns its status line. */
  private static String readHead(Socket socket) throws IOException {
    var head = new ByteArrayOutputStream();
    var in = socket.getInputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) throw new IOException("connection closed during the handshake");
      head.write(b);
      matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > 16_384) throw new IOException("handshake response too long");
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    return text.substring(0, text.indexOf("\r\n"));
  }

  private void read() {
    try {
      while (eventsRead < stopAfter) {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        if (len == 126) len = in.readUnsignedShort();
        else if (len == 127) len = in.readLong();
        byte[] payload = new byte[Math.toIntExact(len)];
        in.readFully(payload);
        int opcode = b0 & 0x0f;
        if (opcode == 0x9) {
          send(0xA, payload);
        } else if (opcode == 0x8) {
          return;
        } else if (opcode == 0x1) {
          int n = eventNumber(payload);
          if (n >= 0) {
            lastEvent = n;
            eventsRead++;
          }
        }
      }
      stoppedAtNanos = System.nanoTime();
      // The ground truth of the stall: when the first byte it will never read reached it (a probe ping
      // or the next event), seen in its receive queue without reading it, within a millisecond.
      if (in.available() > 0) {
        behindAtStop = true; // it had fallen behind: that byte came before it stopped
        return;
      }
      while (!socket.isClosed() && in.available() == 0) LockSupport.parkNanos(1_000_000L);
      firstUnreadNanos = System.nanoTime();
    } catch (IOException e) {
      if (!socket.isClosed()) failure = e;
    }
  }

  /** The bench's own event number ({@code "n":}), -1 for anything else (the relay's initial message). */
  private static int eventNumber(byte[] payload) {
    String text = new String(payload, StandardCharsets.UTF_8);
    int at = text.indexOf(MARK);
    if (at < 0 || !text.contains(ReaderPool.MARK)) return -1;
    int n = 0;
    for (int i = at + MARK.length(); i < text.length() && Character.isDigit(text.charAt(i)); i++) n = n * 10 + (text.charAt(i) - '0');
    return n;
  }

  /** A client frame: masked, as RFC 6455 requires of clients. */
  private synchronized void send(int opcode, byte[] payload) throws IOException {
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    byte[] frame = new byte[2 + 4 + payload.length];
    frame[0] = (byte) (0x80 | opcode);
    frame[1] = (byte) (0x80 | payload.length); // control frames: 125 bytes at most
    System.arraycopy(mask, 0, frame, 2, 4);
    for (int i = 0; i < payload.length; i++) frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
    out.write(frame);
  }

  /** The last event it read (its number), -1 before the first. */
  int lastEvent() {
    return lastEvent;
  }

  /** When it stopped reading (System.nanoTime), 0 while it still reads. */
  long stoppedAtNanos() {
    return stoppedAtNanos;
  }

  /**
   * When the first byte it did not read arrived (System.nanoTime), seen within a millisecond of it;
   * 0 if none yet, or if it was already waiting when the reader stopped ({@link #behindAtStop}).
   */
  long firstUnreadNanos() {
    return firstUnreadNanos;
  }

  /** True if bytes were already waiting unread when it stopped (a busy reader falls behind). */
  boolean behindAtStop() {
    return behindAtStop;
  }

  /** Why reading ended early, if it did. */
  IOException failure() {
    return failure;
  }

  /** Closes the socket at once, unread bytes and all (the peer sees a reset). */
  @Override
  public void close() throws IOException {
    socket.close();
  }
}
