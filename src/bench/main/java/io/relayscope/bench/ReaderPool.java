package io.relayscope.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;
import org.java_websocket.SocketChannelIOHelper;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.HandshakeImpl1Client;
import org.java_websocket.handshake.Handshakedata;

/**
 * The benchmark's healthy clients, many to a thread. Each connection is a Java-WebSocket
 * {@link WebSocketImpl} in the client role — the library does the handshake, framing, masking and
 * pong replies — driven here by a selector instead of the two threads {@code WebSocketClient}
 * spends on each connection. With 1,000 clients that is the difference between measuring the relay
 * and measuring 2,000 client threads fighting it for two cores.
 */
final class ReaderPool implements AutoCloseable {
  /** Every bench event carries its send time (System.nanoTime, the same clock here) after this. */
  static final String MARK = "\"sent_ns\":";
  private static final byte[] MARK_BYTES = MARK.getBytes(StandardCharsets.US_ASCII);
  private static final int HANDSHAKES_IN_FLIGHT = 32;

  /** One connection's counters, written by its loop's thread only. */
  static final class Reader {
    final WebSocketImpl ws;
    final SocketChannel channel;
    /** Its place in the pool, as a trace names it. */
    final int index;
    volatile long events;
    volatile boolean joined;
    volatile boolean closed;
    /** Why it ended, as first seen: the close code and reason, or the failure. */
    volatile String why;
    /**
     * Since when every read found more waiting than one buffer holds (0: the last read drained the
     * socket). The reader's own truth about whether it kept up: a read that drains the socket proves
     * nothing was left unread at that moment. Its loop's thread only.
     */
    long backlogSinceNanos;
    /** Set when the relay closed it: whether this reader had fallen behind before it read the Close. */
    volatile String verdict = "";
    /** The thread that reads it. */
    final Loop loop;

    Reader(WebSocketImpl ws, SocketChannel channel, int index, Loop loop) {
      this.ws = ws;
      this.channel = channel;
      this.index = index;
      this.loop = loop;
    }

    /** The connection ended (the relay closed it, or it failed): close our end too. */
    void close(String cause) {
      if (why == null) why = cause;
      closed = true;
      try {
        channel.close(); // also cancels its selection key
      } catch (IOException ignored) {
        // gone
      }
    }
  }

  final Recorder latency = new Recorder(3);
  /** Where each delivery is also kept, if anywhere (bench --trace-dir). */
  private volatile DeliveryTrace trace;
  private final List<Reader> readers = new ArrayList<>();
  private final List<Loop> loops = new ArrayList<>();

  private ReaderPool(int threads) throws IOException {
    for (int t = 0; t < threads; t++) loops.add(new Loop("bench-readers-" + t));
    for (Loop loop : loops) loop.thread.start();
  }

  /**
   * Opens {@code clients} connections to {@code url} over {@code threads} selector threads, a few
   * handshakes at a time (a burst of 1,000 SYNs overflows the listen backlog and costs seconds of
   * retransmits), and waits until each has had its first message (the relay's {@code initial}).
   */
  static ReaderPool connect(URI url, int clients, int threads, long timeoutMillis) throws IOException {
    var pool = new ReaderPool(Math.max(1, Math.min(threads, clients)));
    try {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      var address = new InetSocketAddress(url.getHost(), url.getPort());
      for (int i = 0; i < clients; i++) {
        while (i - pool.joined() >= HANDSHAKES_IN_FLIGHT) {
          pool.checkDeadline(deadline, clients);
          LockSupport.parkNanos(1_000_000);
        }
        pool.open(url, address, pool.loops.get(i % pool.loops.size()));
      }
      while (pool.joined() < clients) {
        pool.checkDeadline(deadline, clients);
        LockSupport.parkNanos(1_000_000);
      }
      return pool;
    } catch (IOException | RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private void checkDeadline(long deadline, int clients) throws IOException {
    int closed = closed();
    if (closed > 0) throw new IOException(closed + " of " + clients + " bench clients were closed while joining");
    if (System.nanoTime() > deadline) throw new IOException("only " + joined() + " of " + clients + " bench clients joined in time");
  }

  private void open(URI url, InetSocketAddress address, Loop loop) throws IOException {
    SocketChannel channel = SocketChannel.open();
    channel.configureBlocking(false);
    channel.socket().setTcpNoDelay(true);
    var ws = new WebSocketImpl(loop.listener, new BytesDraft(loop.listener));
    ws.setChannel(channel);
    var reader = new Reader(ws, channel, readers.size(), loop);
    ws.setAttachment(reader);
    readers.add(reader);
    channel.connect(address);
    var handshake = new HandshakeImpl1Client();
    handshake.setResourceDescriptor(url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    handshake.put("Host", url.getHost() + ":" + url.getPort());
    handshake.put("User-Agent", RelayRecord.userAgent(reader.index)); // the relay's journal names each reader
    loop.submit(() -> {
      try {
        ws.setSelectionKey(channel.register(loop.selector, SelectionKey.OP_CONNECT, reader));
        ws.startHandshake(handshake); // queued; written once connected
      } catch (IOException | InvalidHandshakeException e) {
        reader.close("connect failed (" + e.getClass().getSimpleName() + ")");
      }
    });
  }

  int size() {
    return readers.size();
  }

  long joined() {
    return readers.stream().filter(r -> r.joined).count();
  }

  /** Connections that ended (closed by the relay, or failed). */
  int closed() {
    return (int) readers.stream().filter(r -> r.closed).count();
  }

  /**
   * Why connections ended: each cause (close code and reason, or failure) with how many it ended, for
   * a relay's close whether the reader had fallen behind (a slow bench, or a reader closed while it
   * kept up), and what the relay's own record says of the same connection, where it has one.
   */
  Map<String, Integer> closeCauses(RelayRecord relay) {
    var causes = new TreeMap<String, Integer>();
    for (Reader r : readers) {
      if (!r.closed) continue;
      String record = relay.of(RelayRecord.userAgent(r.index));
      causes.merge(CloseVerdict.cause(r.why == null ? "closed" : r.why) + r.verdict + (record.isEmpty() ? "" : " (" + record + ")"),
          1, Integer::sum);
    }
    return causes;
  }

  long minEvents() {
    return readers.stream().mapToLong(r -> r.events).min().orElse(0);
  }

  long totalEvents() {
    return readers.stream().mapToLong(r -> r.events).sum();
  }

  boolean allReached(long events) {
    for (Reader r : readers) {
      if (r.events < events) return false;
    }
    return true;
  }

  /** Forgets what the warm-up measured. */
  void reset() {
    latency.reset();
    for (Reader r : readers) r.events = 0;
  }

  /** From now on, each delivery is also kept in {@code t} (null: no longer). */
  void trace(DeliveryTrace t) {
    this.trace = t;
  }

  @Override
  public void close() {
    for (Loop loop : loops) loop.stop();
    for (Reader r : readers) r.close("closed by the benchmark");
  }

  /** One selector thread and the connections it serves. */
  private final class Loop implements Runnable {
    final Selector selector;
    final Thread thread;
    final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    final Listener listener = new Listener();
    volatile boolean running = true;
    /**
     * When the current round of reads began (select returned), and the last round that took
     * {@link CloseVerdict#BEHIND_NANOS} or more: when it ended and how long it took. Rounds are how long every
     * socket of this thread waits for its next read; the time blocked in select is not (nothing was
     * readable). This thread only.
     */
    long roundStartNanos;
    long longRoundEndNanos;
    long longRoundNanos;

    Loop(String name) throws IOException {
      selector = Selector.open();
      thread = new Thread(this, name);
      thread.setDaemon(true);
    }

    void submit(Runnable task) {
      tasks.add(task);
      selector.wakeup();
    }

    void stop() {
      running = false;
      selector.wakeup();
      try {
        thread.join(2000);
        selector.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException ignored) {
        // closing anyway
      }
    }

    /**
     * This thread's longest time without reading in the window before {@code now}: the round so far
     * (a Close is read inside one), or the last long one if recent. This thread only.
     */
    long longestStall(long now) {
      long recent = now - longRoundEndNanos <= CloseVerdict.STALL_WINDOW_NANOS ? longRoundNanos : 0;
      return Math.max(recent, now - roundStartNanos);
    }

    @Override
    public void run() {
      try {
        while (running) {
          for (Runnable task; (task = tasks.poll()) != null; ) task.run();
          selector.select();
          roundStartNanos = System.nanoTime();
          var selected = selector.selectedKeys();
          for (SelectionKey key : selected) handle(key);
          selected.clear();
          long end = System.nanoTime();
          if (end - roundStartNanos >= CloseVerdict.BEHIND_NANOS) {
            longRoundEndNanos = end;
            longRoundNanos = end - roundStartNanos;
          }
        }
      } catch (IOException | ClosedSelectorException e) {
        running = false;
      }
    }

    private void handle(SelectionKey key) {
      Reader reader = (Reader) key.attachment();
      try {
        if (!key.isValid()) return;
        if (key.isConnectable() && reader.channel.finishConnect()) {
          key.interestOps(SelectionKey.OP_READ | (reader.ws.outQueue.isEmpty() ? 0 : SelectionKey.OP_WRITE));
        }
        if (key.isValid() && key.isWritable() && SocketChannelIOHelper.batch(reader.ws, reader.channel)) {
          key.interestOps(SelectionKey.OP_READ);
        }
        if (key.isValid() && key.isReadable()) {
          buffer.clear();
          int n = reader.channel.read(buffer);
          if (n < 0) {
            reader.ws.eot();
            reader.close("end of stream");
          } else if (n > 0) {
            boolean full = n == buffer.capacity();
            if (full && reader.backlogSinceNanos == 0) reader.backlogSinceNanos = System.nanoTime();
            buffer.flip();
            reader.ws.decode(buffer); // a Close in it is judged with the backlog as it stood
            if (!full) reader.backlogSinceNanos = 0;
          }
        }
      } catch (IOException | RuntimeException e) {
        // Judged as a Close would be: a socket reset by the relay's close loses the Close frame
        // with it, and whether this reader had kept up is the bench's truth either way.
        if (reader.why == null) {
          long now = System.nanoTime();
          reader.verdict = CloseVerdict.verdict(reader.backlogSinceNanos, reader.loop.longestStall(now), now);
        }
        reader.close(CloseVerdict.failure(e));
      }
    }
  }

  private static int indexOf(ByteBuffer haystack, byte[] needle) {
    int last = haystack.limit() - needle.length;
    outer:
    for (int i = haystack.position(); i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack.get(i + j) != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }

  /**
   * RFC 6455 framed by the library, except that a whole text frame reaches {@link Listener#onText}
   * as bytes. The library would validate and decode every payload to a String first; at 100,000
   * frames a second of 2 KB that made the clients, not the relay, the busiest process on the box.
   * Nothing is lost by it: the relay forwards the bytes it validated at ingest, unchanged.
   */
  private static final class BytesDraft extends Draft_6455 {
    private final Listener listener;

    BytesDraft(Listener listener) {
      this.listener = listener;
    }

    @Override
    public void processFrame(WebSocketImpl ws, Framedata frame) throws InvalidDataException {
      if (frame.getOpcode() == Opcode.TEXT && frame.isFin()) {
        listener.onText(ws.getAttachment(), frame.getPayloadData());
      } else {
        super.processFrame(ws, frame);
      }
    }

    @Override
    public Draft copyInstance() {
      return new BytesDraft(listener);
    }
  }

  /** What the library tells a connection; pings are answered by {@link WebSocketAdapter}'s pong. */
  private final class Listener extends WebSocketAdapter {

    void onText(Reader reader, ByteBuffer payload) {
      int at = indexOf(payload, MARK_BYTES);
      if (at < 0) {
        reader.joined = true; // initial, or a JSON ping
        return;
      }
      long now = System.nanoTime();
      long sent = 0;
      for (int i = at + MARK_BYTES.length; i < payload.limit(); i++) {
        byte c = payload.get(i);
        if (c < '0' || c > '9') break;
        sent = sent * 10 + (c - '0');
      }
      latency.recordValue(Math.max(0, now - sent));
      DeliveryTrace t = trace;
      if (t != null) t.record(reader.index, sent, now);
      reader.events = reader.events + 1; // volatile, after the trace: whoever sees the count sees the delivery
    }

    @Override
    public void onWebsocketMessage(WebSocket conn, String message) {
      onText(conn.getAttachment(), ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void onWebsocketMessage(WebSocket conn, ByteBuffer blob) {}

    @Override
    public void onWebsocketOpen(WebSocket conn, Handshakedata handshake) {}

    @Override
    public void onWebsocketClose(WebSocket conn, int code, String reason, boolean remote) {
      Reader r = conn.getAttachment();
      if (remote) {
        long now = System.nanoTime();
        r.verdict = CloseVerdict.verdict(r.backlogSinceNanos, r.loop.longestStall(now), now);
      }
      r.close(code + (reason == null || reason.isEmpty() ? "" : " " + reason));
    }

    @Override
    public void onWebsocketClosing(WebSocket conn, int code, String reason, boolean remote) {}

    @Override
    public void onWebsocketCloseInitiated(WebSocket conn, int code, String reason) {}

    @Override
    public void onWebsocketError(WebSocket conn, Exception ex) {}

    @Override
    public void onWebsocketPong(WebSocket conn, Framedata f) {}

    @Override
    public void onWriteDemand(WebSocket conn) {
      // Called on the loop's own thread (handshake, pong): ask the selector for writability.
      SelectionKey key = ((WebSocketImpl) conn).getSelectionKey();
      // Before the connection is up the bytes wait; finishing the connect asks for them.
      if (key != null && key.isValid() && ((Reader) key.attachment()).channel.isConnected()) {
        key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
      }
    }

    @Override
    public InetSocketAddress getLocalSocketAddress(WebSocket conn) {
      return null;
    }

    @Override
    public InetSocketAddress getRemoteSocketAddress(WebSocket conn) {
      return null;
    }
  }
}
