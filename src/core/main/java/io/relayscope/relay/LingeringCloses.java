package io.relayscope.relay;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a client's TCP connection once the library is done with it, so that the client can still read
 * what we sent last. Closing the socket outright while a byte of the client's is unread (a pong to a
 * ping it read late, its answer to our Close) makes the kernel reset the connection, and a reset
 * throws away everything not yet received, our Close and its reason included: an evicted client was
 * told nothing. So the relay ends its side the way TCP intends: first what was still to be written
 * (a part-written batch of ours, then the library's queue with the Close), then a FIN, and meanwhile
 * it reads and drops the client's input, until the client ends its side as well. A client that has not
 * within {@link #LINGER_NANOS} is reset then: a client that reads nothing for that long cannot take
 * the Close anyway, and the reset gives the kernel's buffers back at once.
 *
 * <p>One thread, asleep in {@code select} while nothing happens. Its timeout is real time, not the
 * relay's clock: it is the socket's end, not a judgement of the client, and a test's clock held still
 * must not hold sockets open.
 */
final class LingeringCloses implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LingeringCloses.class);
  /** How long a client has to read to our Close and end its side after the relay closed it. */
  static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);
  /** At most this much of a client's input is read per wake-up: one that floods us is reset at the deadline. */
  private static final int READ_PER_WAKE = 64 * 1024;

  private final Queue<CountingChannel> added = new ConcurrentLinkedQueue<>();
  private final ByteBuffer discard = ByteBuffer.allocate(16 * 1024); // the linger thread's
  private final AtomicLong ended = new AtomicLong();
  private final AtomicLong reset = new AtomicLong();
  private final AtomicLong lingering = new AtomicLong();
  private final Selector selector;
  private final Thread thread;
  private volatile boolean stopped;

  LingeringCloses(RelayThreads threads) throws IOException {
    this.selector = Selector.open();
    this.thread = new Thread(() -> run(threads), "relay-linger");
    thread.setDaemon(true);
    thread.start();
    threads.watch("relay-linger", () -> stopped || thread.isAlive());
  }

  /** Takes over the end of {@code channel}'s connection (any thread; the library may hold the connection's monitor). */
  void add(CountingChannel channel) {
    if (stopped) {
      channel.closeNow(false);
      return;
    }
    lingering.incrementAndGet();
    added.add(channel);
    selector.wakeup();
    if (stopped && added.remove(channel)) channel.closeNow(false); // close() may have emptied the queue before
  }

  /** Connections that ended on both sides, ours after everything we had to write. */
  long ended() {
    return ended.get();
  }

  /** Connections reset: the client had not ended its side within the linger, or the socket failed. */
  long reset() {
    return reset.get();
  }

  /** Connections still lingering. */
  long lingering() {
    return lingering.get();
  }

  /** One connection's end under way (linger thread only). */
  private static final class Linger {
    final CountingChannel channel;
    final long deadline;
    boolean inputEnded;

    Linger(CountingChannel channel, long deadline) {
      this.channel = channel;
      this.deadline = deadline;
    }
  }

  private void run(RelayThreads threads) {
    while (!stopped && selector.isOpen()) {
      try {
        long now = System.nanoTime();
        for (CountingChannel c; (c = added.poll()) != null; ) begin(c, now);
        long next = Long.MAX_VALUE;
        for (SelectionKey key : selector.keys()) {
          if (!key.isValid()) continue;
          Linger l = (Linger) key.attachment();
          if (now - l.deadline >= 0) finish(key, false);
          else next = Math.min(next, l.deadline - now);
        }
        long waitMs = next == Long.MAX_VALUE ? 0 : TimeUnit.NANOSECONDS.toMillis(next) + 1;
        selector.select(waitMs);
        for (SelectionKey key : selector.selectedKeys()) {
          if (key.isValid()) step(key);
        }
        selector.selectedKeys().clear();
      } catch (IOException | RuntimeException e) {
        threads.failed("relay-linger", e);
      }
    }
  }

  private void begin(CountingChannel c, long now) {
    try {
      step(c.socket().register(selector, 0, new Linger(c, now + LINGER_NANOS)));
    } catch (ClosedChannelException | RuntimeException e) {
      done(c, false);
    }
  }

  /**
   * Writes what is left and ends our side once it is all out; reads and drops the client's input until
   * its end. Done when both sides have ended.
   */
  private void step(SelectionKey key) {
    Linger l = (Linger) key.attachment();
    SocketChannel socket = l.channel.socket();
    try {
      boolean outputEnded = socket.socket().isOutputShutdown();
      if (!outputEnded && l.channel.flushForClose()) {
        socket.shutdownOutput();
        outputEnded = true;
      }
      for (int read = 0; !l.inputEnded && read < READ_PER_WAKE; ) {
        discard.clear();
        int n = socket.read(discard);
        if (n < 0) l.inputEnded = true;
        if (n <= 0) break;
        read += n;
      }
      if (l.inputEnded && outputEnded) {
        finish(key, true);
        return;
      }
      key.interestOps((l.inputEnded ? 0 : SelectionKey.OP_READ) | (outputEnded ? 0 : SelectionKey.OP_WRITE));
    } catch (IOException e) {
      finish(key, false); // reset by the client, or gone: nothing left to tell it
    }
  }

  private void finish(SelectionKey key, boolean bothEnded) {
    key.cancel();
    done(((Linger) key.attachment()).channel, bothEnded);
  }

  private void done(CountingChannel c, boolean bothEnded) {
    c.closeNow(!bothEnded);
    (bothEnded ? ended : reset).incrementAndGet();
    if (lingering.decrementAndGet() == 0) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** Gives the connections lingering now at most {@code grace} to end, then ends the rest (the relay is stopping). */
  void closeWithin(Duration grace) {
    long end = System.nanoTime() + grace.toNanos();
    synchronized (this) {
      for (long left; lingering.get() > 0 && (left = end - System.nanoTime()) > 0; ) {
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    close();
  }

  /** Ends every lingering connection at once (the relay is stopping) and the thread. */
  @Override
  public void close() {
    if (stopped) return;
    stopped = true;
    selector.wakeup();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (CountingChannel c; (c = added.poll()) != null; ) c.closeNow(false);
    try {
      for (SelectionKey key : selector.keys()) ((Linger) key.attachment()).channel.closeNow(false);
      selector.close();
    } catch (IOException | RuntimeException e) {
      log.debug("closing the lingering connections: {}", e.toString());
    }
  }
}
