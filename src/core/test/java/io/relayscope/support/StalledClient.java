package io.relayscope.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A client that completes the WebSocket handshake and never reads again, with a tiny receive
 * buffer: the October incident's client.
 */
public final class StalledClient implements AutoCloseable {
  private final Socket socket;

  private StalledClient(Socket socket) {
    this.socket = socket;
  }

  public static StalledClient connect(int port) throws IOException {
    var s = new Socket();
    s.setReceiveBufferSize(4096); // before connect, so the window stays small
    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    String key = Base64.getEncoder().encodeToString("relayscope-stall".getBytes(StandardCharsets.US_ASCII));
    String req = "GET /ws/events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\nUser-Agent: stalled-test-client\r\n\r\n";
    s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    // Read the response head byte by byte so no frame bytes beyond it are consumed.
    InputStream in = s.getInputStream();
    var head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) throw new IOException("connection closed during handshake: " + head);
      head.append((char) b);
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) throw new IOException("handshake refused: " + head);
    return new StalledClient(s);
  }

  /** Reads (and discards) until the relay ends the connection; returns bytes read. */
  public long drainToEnd() throws IOException {
    return drainToEnd(new java.util.concurrent.atomic.AtomicLong());
  }

  /** As {@link #drainToEnd()}, adding to {@code read} as bytes arrive, so another thread can watch. */
  public long drainToEnd(java.util.concurrent.atomic.AtomicLong read) throws IOException {
    socket.setSoTimeout(10_000);
    byte[] buf = new byte[65536];
    int n;
    try {
      while ((n = socket.getInputStream().read(buf)) > 0) read.addAndGet(n);
    } catch (java.net.SocketException e) {
      // reset by the relay: also an end
    }
    return read.get();
  }

  /** Ends our side of the stream (a FIN after what we sent), still reading what the relay sends. */
  public void endOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** Sends a Close with {@code code} (masked, as a client must). */
  public void sendClose(int code) throws IOException {
    byte[] mask = {1, 2, 3, 4};
    byte[] payload = {(byte) (code >> 8), (byte) code};
    byte[] frame = {(byte) 0x88, (byte) (0x80 | payload.length), mask[0], mask[1], mask[2], mask[3],
        (byte) (payload[0] ^ mask[0]), (byte) (payload[1] ^ mask[1])};
    socket.getOutputStream().write(frame);
  }

  /** Reads until a Close frame's header (0x88) comes; false if the connection ended first. */
  public boolean awaitCloseFrame() throws IOException {
    socket.setSoTimeout(10_000);
    var in = socket.getInputStream();
    for (int b; (b = in.read()) >= 0; ) {
      if (b == 0x88) return true;
    }
    return false;
  }

  /** Ends the connection with a reset (SO_LINGER 0), as a client that exits with bytes unread does. */
  public void reset() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
