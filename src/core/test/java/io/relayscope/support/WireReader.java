package io.relayscope.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A slow WebSocket client on a bare socket with a tiny receive buffer: it reads a few hundred bytes at
 * a time with pauses, so the relay's writes to it are partial, and checks every byte it gets against
 * RFC 6455 as a server must send it (FIN set, no RSV bits, unmasked, a known opcode, a sane length).
 * The first thing that is not a valid frame is kept as the {@link #violation}: bytes of one frame
 * written inside another show up there.
 */
public final class WireReader implements AutoCloseable {
  public record Frame(int opcode, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  private static final int MAX_PAYLOAD = 1 << 20;

  private final Socket socket;
  private final InputStream in;
  private final int chunk;
  private final int pauseEveryReads;
  private final List<Frame> frames = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Thread thread;
  private volatile String violation;
  private volatile boolean done;

  private WireReader(Socket socket, int chunk, int pauseEveryReads) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.chunk = chunk;
    this.pauseEveryReads = pauseEveryReads;
    this.thread = new Thread(this::readLoop, "wire-reader");
    thread.setDaemon(true);
  }

  /** Connects with a receive buffer of {@code receiveBuffer} bytes; reads {@code chunk} bytes at a time, 1 ms pause every so many reads. */
  public static WireReader connect(int port, int receiveBuffer, int chunk, int pauseEveryReads) throws IOException {
    var s = new Socket();
    s.setReceiveBufferSize(receiveBuffer); // before connect: it sets the window the relay sees
    s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    String key = Base64.getEncoder().encodeToString("relayscope-wire-r".substring(0, 16).getBytes(StandardCharsets.US_ASCII));
    String req = "GET /ws/events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
    String head = RawWsClient.readHead(s.getInputStream());
    if (!head.startsWith("HTTP/1.1 101")) {
      s.close();
      throw new IOException("handshake refused: " + head);
    }
    var r = new WireReader(s, chunk, pauseEveryReads);
    r.thread.start();
    return r;
  }

  private void readLoop() {
    var pending = new ByteArrayOutputStream();
    byte[] buf = new byte[chunk];
    int reads = 0;
    try {
      int n;
      while (!done && (n = in.read(buf)) > 0) {
        pending.write(buf, 0, n);
        byte[] rest = parse(pending.toByteArray());
        if (rest == null) return; // a violation, or a Close
        pending.reset();
        pending.write(rest);
        if (++reads % pauseEveryReads == 0) Thread.sleep(1);
      }
    } catch (IOException | InterruptedException e) {
      // the connection ended or we were closed
    } finally {
      done = true;
    }
  }

  /** Takes every whole frame off {@code b}; returns the bytes of an incomplete one, or null to stop. */
  private byte[] parse(byte[] b) {
    int at = 0;
    while (true) {
      if (b.length - at < 2) break;
      int b1 = b[at] & 0xff;
      int b2 = b[at + 1] & 0xff;
      int opcode = b1 & 0x0f;
      if ((b1 & 0x80) == 0 || (b1 & 0x70) != 0 || (b2 & 0x80) != 0
          || (opcode != 0x1 && opcode != 0x2 && opcode != 0x8 && opcode != 0x9 && opcode != 0xA)) {
        return fail(String.format("bad frame head %02x %02x after %d frames", b1, b2, frames.size()));
      }
      long len = b2 & 0x7f;
      int head = 2;
      if (len == 126) {
        if (b.length - at < 4) break;
        len = ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
        head = 4;
      } else if (len == 127) {
        if (b.length - at < 10) break;
        len = 0;
        for (int i = 2; i < 10; i++) len = (len << 8) | (b[at + i] & 0xff);
        head = 10;
      }
      if (len > MAX_PAYLOAD) return fail("frame of " + len + " bytes after " + frames.size() + " frames");
      if (b.length - at - head < len) break;
      byte[] payload = java.util.Arrays.copyOfRange(b, at + head, at + head + (int) len);
      frames.add(new Frame(opcode, payload));
      at += head + (int) len;
      if (opcode == 0x8) return null;
    }
    return java.util.Arrays.copyOfRange(b, at, b.length);
  }

  private byte[] fail(String what) {
    violation = what;
    return null;
  }

  public String violation() {
    return violation;
  }

  /** The reader stopped: a violation, a Close, the end of the connection, or {@link #close}. */
  public boolean done() {
    return done;
  }

  public List<Frame> frames() {
    synchronized (frames) {
      return new ArrayList<>(frames);
    }
  }

  public int frameCount() {
    return frames.size();
  }

  @Override
  public void close() throws IOException {
    done = true;
    socket.close();
  }
}
