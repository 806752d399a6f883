package io.relayscope.relay;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;
import org.java_websocket.WrappedByteChannel;

/**
 * The client's socket as Java-WebSocket sees it, and the one place that decides the order of bytes
 * on it. Every write — the library's (selector thread) and our write-through (the flushing thread) —
 * happens under one lock per connection and is reported to the client's session, so send latency
 * and write progress are measured from bytes the kernel actually took.
 *
 * <p>A write-through the socket did not take whole leaves a <em>remainder</em>: it goes before
 * anything else, so a frame of the library's (ping, pong, Close) never lands inside one of ours.
 * The library learns of the remainder through {@link WrappedByteChannel}: {@code
 * SocketChannelIOHelper.batch} calls {@link #writeMore} while {@link #isNeedWrite}, and a write of
 * its own buffer returns 0 (the buffer stays queued, the write stays armed) until the remainder is
 * gone. Reads are untouched: nothing is ever buffered on the read side ({@link #isNeedRead} is
 * false, so the selector never calls {@link #readMore}).
 *
 * <p>Lock order: this lock, then the connection's monitor (never the other way: the library's
 * {@code close} holds the monitor and takes no socket lock).
 */
final class CountingChannel implements WrappedByteChannel {
  /** What became of a write-through. */
  enum Through {
    /** The socket took all of it. */
    WRITTEN,
    /** The socket took part (or none) of it: the rest is the remainder, the selector's to finish. */
    PART_WRITTEN,
    /** Not written: something is ahead of it, or the connection is closing. Hand it to the library. */
    QUEUE
  }

  private final SocketChannel socket;
  private final RelayConnection conn; // null before a WebSocket connection exists (never for our sessions)
  private final LingeringCloses lingering; // null: close at once
  private volatile boolean closed; // the library closed it: ended by us, or by the lingering close
  private ByteBuffer[] leftByLibrary; // its queue when it closed; the lingering close's (handed over through its queue)
  private final ReentrantLock lock = new ReentrantLock();
  private volatile WriteObserver observer;
  private ByteBuffer remainder; // ours, part-written; guarded by lock
  private volatile boolean needWrite; // remainder != null, readable without the lock
  private volatile long throughWrites; // write-throughs the socket took whole; under lock
  private volatile long remainders; // write-throughs it did not
  private volatile long inputReads; // the selector's reads that brought bytes

  CountingChannel(SocketChannel socket, RelayConnection conn, LingeringCloses lingering) {
    this.socket = socket;
    this.conn = conn;
    this.lingering = lingering;
  }

  void observe(WriteObserver o) {
    this.observer = o;
  }

  /**
   * Writes a batch of ours straight to the socket if nothing is waiting ahead of it: no remainder, no
   * buffer in the library's queue, no write in progress, the connection open. Never waits: a lock
   * held by the selector means a write is in progress, so the batch goes the library's way.
   */
  Through writeThrough(ByteBuffer ours) {
    // Held by this thread: we are inside a write of it (a callback), where writing again would interleave.
    if (lock.isHeldByCurrentThread() || !lock.tryLock()) return Through.QUEUE;
    try {
      // Open checked under the connection's monitor: the library's close queues its Close frame holding it.
      if (closed || remainder != null || conn == null || !conn.outQueue.isEmpty() || !conn.takesOurs()) return Through.QUEUE;
      int n;
      try {
        n = socket.write(ours);
      } catch (IOException e) {
        return Through.QUEUE; // nothing taken: the library's write meets the error and closes the connection
      }
      report(ours, n);
      if (!ours.hasRemaining()) {
        throughWrites++;
        return Through.WRITTEN;
      }
      remainders++;
      remainder = ours;
      needWrite = true;
      return Through.PART_WRITTEN;
    } finally {
      lock.unlock();
    }
  }

  /** Write-throughs the socket took whole, since the connection began. */
  long throughWrites() {
    return throughWrites;
  }

  /** Write-throughs it took only part (or none) of, left for the selector to finish. */
  long remainders() {
    return remainders;
  }

  /** The library's write of a buffer from its queue (selector thread). */
  @Override
  public int write(ByteBuffer src) throws IOException {
    lock.lock();
    try {
      // Closed: what is left is the lingering close's to write (two writers of one buffer would interleave it).
      if (closed || !finishRemainder(false)) return 0; // src waits: the write stays armed
      int n = socket.write(src);
      if (report(src, n)) observer.continueQueued();
      return n;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isNeedWrite() {
    return needWrite;
  }

  /** The selector, its queue empty: the remainder, then further batches of ours straight behind it. */
  @Override
  public void writeMore() throws IOException {
    lock.lock();
    try {
      if (!closed) finishRemainder(true);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes the remainder; true once there is none. When it completes our batch, the next batch
   * follows it straight away ({@code through}: nothing of the library's is being written) or joins
   * the library's queue behind the buffer it is writing (so a ping waits for one batch of ours at
   * most, as before).
   */
  private boolean finishRemainder(boolean through) throws IOException {
    while (remainder != null) {
      ByteBuffer r = remainder;
      int n = socket.write(r);
      boolean finished = report(r, n);
      if (r.hasRemaining()) return false;
      remainder = null;
      if (finished) {
        if (through) remainder = observer.continueThrough();
        else observer.continueQueued();
      }
    }
    needWrite = false;
    return true;
  }

  /** True if {@code buffer} was a batch of ours and the socket has now taken all of it. */
  private boolean report(ByteBuffer buffer, int n) {
    WriteObserver o = observer;
    return o != null && o.onWritten(buffer, n);
  }

  @Override
  public boolean isNeedRead() {
    return false;
  }

  @Override
  public int readMore(ByteBuffer dst) {
    return 0;
  }

  @Override
  public boolean isBlocking() {
    return socket.isBlocking();
  }

  /** The selector's read: each one that brought bytes is one buffer for a worker to decode ({@link #inputReads}). */
  @Override
  public int read(ByteBuffer dst) throws IOException {
    int n = socket.read(dst);
    if (n > 0) inputReads++;
    return n;
  }

  /** Reads that brought bytes, since the connection began (selector thread writes). */
  long inputReads() {
    return inputReads;
  }

  @Override
  public boolean isOpen() {
    return !closed && socket.isOpen();
  }

  /**
   * The library is done with the connection: its end is the lingering close's (what is left to write,
   * then a FIN, the client's input read until its end), so the client can still read our Close. No
   * lock here: the library closes holding the connection's monitor; the lingering close takes the
   * lock on its own thread.
   */
  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    if (lingering == null || conn == null || !socket.isConnected()) {
      socket.close();
      return;
    }
    // Taken now: the library empties its queue once it has closed (ClientLifecycle.closed).
    leftByLibrary = conn.outQueue.toArray(new ByteBuffer[0]);
    lingering.add(this);
  }

  SocketChannel socket() {
    return socket;
  }

  /**
   * After the library closed: writes what it left unwritten — the remainder of a batch of ours, then
   * what its queue held (the Close is last there) — as far as the socket takes it; true once all is out.
   * Linger thread.
   */
  boolean flushForClose() throws IOException {
    lock.lock();
    try {
      while (remainder != null) {
        ByteBuffer r = remainder;
        report(r, socket.write(r));
        if (r.hasRemaining()) return false;
        remainder = null;
        needWrite = false;
      }
      // A buffer written whole is one the selector finished just before the close (it writes no more after it).
      for (ByteBuffer b : leftByLibrary) {
        if (!b.hasRemaining()) continue;
        report(b, socket.write(b));
        if (b.hasRemaining()) return false;
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Ends the socket: with a reset ({@code abort}: the kernel drops what is unsent at once), or a plain close. */
  void closeNow(boolean abort) {
    try {
      if (abort && socket.isOpen()) socket.setOption(StandardSocketOptions.SO_LINGER, 0);
    } catch (IOException | RuntimeException e) {
      // closed already, or no longer connected: a plain close below
    }
    try {
      socket.close();
    } catch (IOException e) {
      // nothing more to end
    }
  }
}
