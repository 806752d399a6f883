package io.relayscope.fleet.publish;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.relayscope.fleet.FleetSubjects;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the node's events from its {@link EventBuffer} to JetStream, in the relay's order, on
 * one thread ({@code fleet-publish}) and its own connection, with at most {@link #MAX_IN_FLIGHT}
 * unacknowledged.
 *
 * <p>Order across outages: the connection never reconnects by itself (jnats would then send what
 * sat in its queue before the outage after the server came back, behind the events lost in the
 * socket: out of order). On any failure (connection lost, an acknowledgement failed or timed out)
 * this ends the session: it closes the connection, which drops whatever jnats still held, opens a
 * new one and sends again, in order, every event from the first unacknowledged on. On one TCP
 * connection the server stores a prefix of what was sent, so the events sent again are either
 * already stored (JetStream drops them by {@code Nats-Msg-Id}) or come next: stored once, in order.
 * An event that fails {@link #MAX_ATTEMPTS} sessions in a row is counted lost.
 */
public final class EventPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
  static final int MAX_IN_FLIGHT = 1024;
  static final int MAX_ATTEMPTS = 5;
  /** Between attempts to open a connection while NATS is down. */
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Opens a connection to NATS that does not reconnect by itself, telling {@code listener} of its events. */
  @FunctionalInterface
  public interface Connector {
    Connection open(ConnectionListener listener) throws IOException, InterruptedException;
  }

  /** An event sent in this session and not yet acknowledged. */
  private record InFlight(EventBuffer.Buffered event, int attempts, CompletableFuture<PublishAck> ack) {}

  /** An event to send (again) before anything new, with the sessions it already failed. */
  private record Resend(EventBuffer.Buffered event, int attempts) {}

  private final EventBuffer buffer;
  private final Connector connector;
  private final String node;
  private final String run;
  private final ArrayDeque<InFlight> window = new ArrayDeque<>(); // publisher thread only
  private final ArrayDeque<Resend> resend = new ArrayDeque<>(); // publisher thread only
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong lostFailed = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong failedSessions = new AtomicLong();
  private final Thread thread;
  private volatile Connection connection;
  private JetStream jetStream; // publisher thread only, of the current connection
  private volatile boolean broken;
  private volatile boolean running = true;
  private volatile String lastError;

  public EventPublisher(EventBuffer buffer, Connector connector, String node, String run) {
    this.buffer = buffer;
    this.connector = connector;
    this.node = node;
    this.run = run;
    this.thread = new Thread(this::run, "fleet-publish");
    this.thread.setDaemon(true);
    buffer.onOffer(() -> LockSupport.unpark(thread));
  }

  public void start() {
    thread.start();
  }

  private void run() {
    while (running) {
      try {
        if (connection == null && !connect()) continue;
        settle();
        if (broken) {
          endSession();
          continue;
        }
        if (window.size() >= MAX_IN_FLIGHT) {
          awaitHead();
          continue;
        }
        EventBuffer.Buffered next;
        int attempts = 1;
        Resend r = resend.poll();
        if (r != null) {
          next = r.event();
          attempts = r.attempts();
        } else {
          next = buffer.poll();
        }
        if (next == null) {
          if (window.isEmpty()) LockSupport.parkNanos(50_000_000L);
          else awaitHead();
          continue;
        }
        send(next, attempts);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("event publisher: {}", e.toString());
        broken = true;
      }
    }
  }

  private boolean connect() throws InterruptedException {
    try {
      broken = false;
      connection = connector.open((conn, event) -> {
        if (event == ConnectionListener.Events.DISCONNECTED || event == ConnectionListener.Events.CLOSED) {
          broken = true;
          LockSupport.unpark(thread);
        }
      });
      jetStream = connection.jetStream();
      return true;
    } catch (IOException | RuntimeException e) {
      lastError = e.getMessage();
      long until = System.nanoTime() + RETRY_NANOS;
      while (running && System.nanoTime() < until) LockSupport.parkNanos(until - System.nanoTime());
      return false;
    }
  }

  private void send(EventBuffer.Buffered e, int attempts) {
    var headers = new Headers()
        .add(FleetSubjects.HEADER_NODE, node)
        .add(FleetSubjects.HEADER_RUN, run)
        .add(FleetSubjects.HEADER_SEQ, Long.toString(e.seq()))
        .add(FleetSubjects.HEADER_RECEIVED_MS, Long.toString(e.receivedMillis()))
        .add(FleetSubjects.HEADER_MSG_ID, run + "-" + e.seq());
    var message = NatsMessage.builder().subject(FleetSubjects.event(node, e.machine())).headers(headers).data(e.raw()).build();
    CompletableFuture<PublishAck> ack;
    try {
      ack = jetStream.publishAsync(message);
    } catch (RuntimeException ex) {
      ack = CompletableFuture.failedFuture(ex);
    }
    ack.whenComplete((a, err) -> {
      if (err != null) {
        broken = true; // this session cannot keep the order any more: end it
        LockSupport.unpark(thread);
      }
    });
    window.addLast(new InFlight(e, attempts, ack));
  }

  /** Counts and frees the acknowledged events at the head of the window. */
  private void settle() {
    while (!window.isEmpty()) {
      InFlight head = window.peekFirst();
      if (!head.ack().isDone() || head.ack().isCompletedExceptionally()) return;
      window.pollFirst();
      published.incrementAndGet();
      buffer.release(head.event());
    }
  }

  private void awaitHead() throws InterruptedException {
    InFlight head = window.peekFirst();
    if (head == null) return;
    try {
      head.ack().get(200, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException | CancellationException e) {
      // settle() and the failure flag decide
    }
  }

  /**
   * Ends the session: closes the connection (jnats drops what it still held), waits for every
   * acknowledgement of the session to be decided, and queues every event from the first
   * unacknowledged on to be sent again in order, before any new event.
   */
  private void endSession() throws InterruptedException {
    Connection c = connection;
    connection = null;
    try {
      if (c != null) c.close();
    } catch (RuntimeException e) {
      // closed anyway
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (InFlight f : window) {
      try {
        f.ack().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | CancellationException | TimeoutException e) {
        if (lastError == null || !lastError.equals(String.valueOf(e.getCause()))) lastError = String.valueOf(e.getCause());
      }
    }
    settle();
    var again = new ArrayDeque<Resend>();
    boolean first = true;
    for (InFlight f : window) {
      // Only the first unacknowledged one certainly failed; those after it are sent again for order.
      int attempts = first ? f.attempts() + 1 : f.attempts();
      first = false;
      if (attempts > MAX_ATTEMPTS) {
        lostFailed.incrementAndGet();
        buffer.release(f.event());
        long n = lostFailed.get();
        if (n <= 10 || n % 1000 == 0) {
          log.warn("event {} not stored in JetStream after {} attempts: {} [{} so far]", f.event().seq(), MAX_ATTEMPTS,
              lastError, n);
        }
        continue;
      }
      again.addLast(new Resend(f.event(), attempts));
    }
    retried.addAndGet(again.size());
    window.clear();
    while (!resend.isEmpty()) again.addLast(resend.pollFirst()); // not yet sent again in the ended session
    resend.addAll(again);
    broken = false;
    failedSessions.incrementAndGet();
    // A second before the next session: what failed (a deleted stream, a paused server) gets time to
    // be put right (StreamGuard), rather than the attempts running out at once.
    long until = System.nanoTime() + RETRY_NANOS;
    while (running && System.nanoTime() < until) LockSupport.parkNanos(until - System.nanoTime());
  }

  /** Sessions ended by a failure (connection lost, acknowledgement failed). */
  public long failedSessions() {
    return failedSessions.get();
  }

  /** Waits up to {@code nanos} until every event is acknowledged; true if none is left. */
  public boolean drain(long nanos) {
    long deadline = System.nanoTime() + nanos;
    while (buffer.items() > 0 && System.nanoTime() < deadline) LockSupport.parkNanos(10_000_000L);
    return buffer.items() == 0;
  }

  public long published() {
    return published.get();
  }

  /** Events never stored: every attempt failed. */
  public long lostFailed() {
    return lostFailed.get();
  }

  /** Events sent again after a failed session. */
  public long retried() {
    return retried.get();
  }

  /** Stops the thread and closes its connection; what is still unacknowledged stays in the buffer. */
  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Connection c = connection;
    if (c != null) {
      try {
        c.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
