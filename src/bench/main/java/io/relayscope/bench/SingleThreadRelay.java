package io.relayscope.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Role;
import org.java_websocket.exceptions.IncompleteHandshakeException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.TextFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeImpl1Server;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The benchmark's second baseline: the seed's asyncio design, on one thread. The loop receives a
 * datagram, then sends it to each client in turn; a send returns at once while the client's unsent
 * bytes stay under the transport's high-water mark (64 KiB, asyncio's default), and otherwise waits
 * — the whole loop with it — for them to drain to the low-water mark, up to 2 s ({@code
 * asyncio.wait_for(ws.send(...), 2)}), after which the client is dropped. Nothing else runs while it
 * waits: no receive, no other client. It is what a careful single-threaded relay achieves, so
 * Relayscope's figures are compared with it as well as with the sequential 2 s design.
 *
 * <p>WebSocket handshakes and frames are Java-WebSocket's; only the scheduling is this class's.
 * Usage: {@code SingleThreadRelay SOCKET PORT [discard]}; prints {@code -> ws://host:port/ws/events}
 * when ready. With {@code discard} it is the benchmark's floor: the same loop, each event received
 * and dropped, sent to no one (what the sender lost is the floor's figure).
 */
public final class SingleThreadRelay {
  static final int HIGH_WATER = 64 * 1024;
  static final int LOW_WATER = 16 * 1024;
  static final long SEND_TIMEOUT_NANOS = 2_000_000_000L;
  private static final int RECEIVE_POLL_MILLIS = 5;
  static final String DISCARD = "discard";

  private final Draft_6455 draft = new Draft_6455();
  private final Selector selector;
  private final ServerSocketChannel server;
  private final List<Client> clients = new ArrayList<>();
  private final boolean discard;

  /** One connection: its handshake bytes until upgraded, then its unsent frames. */
  private static final class Client {
    final SocketChannel channel;
    final ByteBuffer request = ByteBuffer.allocate(8192);
    final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>();
    long unsentBytes;
    boolean open;

    Client(SocketChannel channel) {
      this.channel = channel;
    }
  }

  private SingleThreadRelay(int port, boolean discard) throws IOException {
    this.discard = discard;
    selector = Selector.open();
    server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
  }

  public static void main(String[] args) throws Exception {
    Path socket = Path.of(args[0]);
    var relay = new SingleThreadRelay(Integer.parseInt(args[1]), args.length > 2 && DISCARD.equals(args[2]));
    Files.deleteIfExists(socket);
    try (var in = AFUNIXDatagramSocket.newInstance()) {
      in.bind(AFUNIXSocketAddress.of(socket));
      in.setSoTimeout(RECEIVE_POLL_MILLIS);
      System.out.println((relay.discard ? "receive-only" : "single-thread") + " -> ws://127.0.0.1:" + relay.server.socket().getLocalPort() + "/ws/events");
      System.out.flush();
      relay.run(in);
    }
  }

  private void run(AFUNIXDatagramSocket in) throws IOException {
    byte[] bytes = new byte[256 * 1024];
    var packet = new DatagramPacket(bytes, bytes.length);
    while (true) {
      packet.setLength(bytes.length);
      try {
        in.receive(packet);
      } catch (SocketTimeoutException idle) {
        serveConnections(); // nothing to relay: accept and upgrade clients, as the event loop would
        continue;
      }
      if (packet.getLength() > 0 && !discard) broadcast(text(bytes, packet.getLength()));
    }
  }

  private ByteBuffer text(byte[] utf8, int length) {
    var frame = new TextFrame();
    frame.setPayload(ByteBuffer.wrap(utf8, 0, length));
    frame.setFin(true);
    return draft.createBinaryFrame(frame);
  }

  /** Each client in turn; a send over the high-water mark holds the loop until it drains or 2 s pass. */
  private void broadcast(ByteBuffer frame) {
    for (Iterator<Client> it = clients.iterator(); it.hasNext(); ) {
      Client c = it.next();
      if (!c.open) continue;
      c.unsent.add(frame.duplicate());
      c.unsentBytes += frame.remaining();
      if (!flush(c) || (c.unsentBytes > HIGH_WATER && !drain(c))) {
        drop(c);
        it.remove();
      }
    }
  }

  /** Writes what the socket takes now. False if the connection failed. */
  private static boolean flush(Client c) {
    try {
      ByteBuffer head;
      while ((head = c.unsent.peek()) != null) {
        c.unsentBytes -= c.channel.write(head);
        if (head.hasRemaining()) return true;
        c.unsent.poll();
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits (the whole relay waits) for the client to drain to the low-water mark, at most 2 s. */
  private static boolean drain(Client c) {
    long deadline = System.nanoTime() + SEND_TIMEOUT_NANOS;
    try (Selector one = Selector.open()) {
      c.channel.register(one, SelectionKey.OP_WRITE);
      while (c.unsentBytes > LOW_WATER) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false; // "send timed out after 2s"
        one.select(Math.max(1, left / 1_000_000));
        one.selectedKeys().clear();
        if (!flush(c)) return false;
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void drop(Client c) {
    c.open = false;
    try {
      var close = new CloseFrame();
      close.setCode(1011);
      close.setReason("send timed out");
      c.channel.write(draft.createBinaryFrame(close));
    } catch (Exception ignored) {
      // going anyway
    }
    try {
      c.channel.close();
    } catch (IOException ignored) {
      // gone
    }
  }

  /** Accepts connections and completes their handshakes, without blocking. */
  private void serveConnections() throws IOException {
    if (selector.selectNow() == 0) return;
    for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
      SelectionKey key = it.next();
      it.remove();
      if (!key.isValid()) continue;
      if (key.isAcceptable()) {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
          ch.configureBlocking(false);
          ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
          ch.register(selector, SelectionKey.OP_READ, new Client(ch));
        }
      } else if (key.isReadable()) {
        read((Client) key.attachment(), key);
      }
    }
  }

  /** Reads a handshake, then discards what the client sends (pongs, its close). */
  private void read(Client c, SelectionKey key) {
    try {
      if (c.open) {
        ByteBuffer discard = ByteBuffer.allocate(4096);
        if (c.channel.read(discard) < 0) close(c, key);
        return;
      }
      if (c.channel.read(c.request) < 0) {
        close(c, key);
        return;
      }
      ByteBuffer head = c.request.duplicate().flip();
      ClientHandshake request;
      try {
        request = (ClientHandshake) Draft_6455.translateHandshakeHttp(head, Role.SERVER);
      } catch (InvalidHandshakeException | IncompleteHandshakeException incomplete) {
        if (!c.request.hasRemaining()) close(c, key);
        return; // not all of it yet
      }
      var response = draft.postProcessHandshakeResponseAsServer(request, new HandshakeImpl1Server());
      for (ByteBuffer b : draft.createHandshake(response)) c.unsent.add(b);
      c.open = true;
      c.unsent.add(text(INITIAL, INITIAL.length));
      if (!flush(c)) {
        close(c, key);
        return;
      }
      clients.add(c);
    } catch (IOException | InvalidHandshakeException e) {
      close(c, key);
    }
  }

  private static final byte[] INITIAL = "{\"type\":\"initial\",\"machines\":[],\"timestamp\":0}"
      .getBytes(StandardCharsets.US_ASCII);

  private void close(Client c, SelectionKey key) {
    key.cancel();
    c.open = false;
    clients.remove(c);
    try {
      c.channel.close();
    } catch (IOException ignored) {
      // gone
    }
  }
}
