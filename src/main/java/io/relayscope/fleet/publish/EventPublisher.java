package io.relayscope.fleet.publish;

import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.relayscope.event.EngineEvent;
import io.relayscope.event.EventTap;
import io.relayscope.event.HandoffBudget;
import io.relayscope.fleet.FleetSubjects;
import io.relayscope.fleet.NatsLink;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each accepted event, bytes unchanged, to JetStream. The hub only hands the event over
 * (a lock-free queue, bounded by count and bytes with the hub's own {@link HandoffBudget});
 * the {@code fleet-publish} thread publishes asynchronously with at most {@link #MAX_IN_FLIGHT}
 * unacknowledged. An event leaves the buffer when JetStream acknowledges it. While NATS is down the
 * buffer holds what arrives; what does not fit, or fails {@link #MAX_ATTEMPTS} times, is counted lost.
 * Events that came from NATS ({@code --nats-source}) are never published again.
 */
public final class EventPublisher implements EventTap, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
  static final int MAX_IN_FLIGHT = 1024;
  static final int MAX_ATTEMPTS = 5;
  /** Heap an event costs besides its bytes (record, headers, queue node). */
  private static final int OVERHEAD = 256;

  private record Pending(long seq, long receivedMillis, String machine, byte[] raw, int attempts) {
    Pending retried() {
      return new Pending(seq, receivedMillis, machine, raw, attempts + 1);
    }
  }

  private final NatsLink link;
  private final String node;
  private final String run;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Pending> retries = new ConcurrentLinkedQueue<>();
  private final HandoffBudget buffered;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong lostFull = new AtomicLong();
  private final AtomicLong lostFailed = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final Thread thread;
  private volatile boolean sleeping;
  private volatile boolean running = true;

  public EventPublisher(NatsLink link, String node, String run, int maxEvents, long maxBytes) {
    this.link = link;
    this.node = node;
    this.run = run;
    this.buffered = new HandoffBudget(maxEvents, maxBytes);
    this.thread = new Thread(this::run, "fleet-publish");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Hub thread: take the event if the buffer has room, else count it lost. Never waits. */
  @Override
  public void accepted(EngineEvent event) {
    if (event.source().startsWith(FleetSubjects.SOURCE_PREFIX)) return; // from NATS: no loops
    if (!buffered.tryTake(event.raw().length + OVERHEAD)) {
      lostFull.incrementAndGet();
      return;
    }
    queue.offer(new Pending(event.seq(), event.receivedAtMillis(), event.machineName(), event.raw(), 1));
    if (sleeping) LockSupport.unpark(thread);
  }

  private void run() {
    while (running) {
      try {
        if (!link.awaitUp(200)) continue;
        if (!inFlight.tryAcquire(200, TimeUnit.MILLISECONDS)) continue;
        Pending p = retries.poll();
        if (p == null) p = queue.poll();
        if (p == null) {
          inFlight.release();
          sleeping = true;
          if (queue.isEmpty() && retries.isEmpty() && running) LockSupport.parkNanos(50_000_000L);
          sleeping = false;
          continue;
        }
        publish(p);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("event publisher: {}", e.toString());
      }
    }
  }

  private void publish(Pending p) {
    var headers = new Headers()
        .add(FleetSubjects.HEADER_NODE, node)
        .add(FleetSubjects.HEADER_RUN, run)
        .add(FleetSubjects.HEADER_SEQ, Long.toString(p.seq()))
        .add(FleetSubjects.HEADER_RECEIVED_MS, Long.toString(p.receivedMillis()))
        .add(FleetSubjects.HEADER_MSG_ID, run + "-" + p.seq());
    var message = NatsMessage.builder().subject(FleetSubjects.event(node, p.machine())).headers(headers).data(p.raw()).build();
    try {
      link.jetStream().publishAsync(message).whenComplete((ack, error) -> {
        inFlight.release();
        if (error == null) {
          published.incrementAndGet();
          release(p);
        } else {
          failed(p, error);
        }
      });
    } catch (RuntimeException e) {
      inFlight.release();
      failed(p, e);
    }
  }

  /** Retried (same message id: JetStream stores it once) unless it failed too often. */
  private void failed(Pending p, Throwable error) {
    if (p.attempts() >= MAX_ATTEMPTS) {
      lostFailed.incrementAndGet();
      release(p);
      long n = lostFailed.get();
      if (n <= 10 || n % 1000 == 0) log.warn("event {} not stored in JetStream after {} attempts: {} [{} so far]", p.seq(),
          p.attempts(), error.toString(), n);
      return;
    }
    retried.incrementAndGet();
    retries.offer(p.retried());
    if (sleeping) LockSupport.unpark(thread);
  }

  private void release(Pending p) {
    buffered.release(p.raw().length + OVERHEAD);
  }

  public long published() {
    return published.get();
  }

  public long buffered() {
    return buffered.items();
  }

  public long bufferedBytes() {
    return buffered.bytes();
  }

  /** Events never stored: the buffer was full. */
  public long lostBufferFull() {
    return lostFull.get();
  }

  /** Events never stored: every attempt failed. */
  public long lostFailed() {
    return lostFailed.get();
  }

  public long retried() {
    return retried.get();
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
