package io.relayscope.fleet.source;

import io.nats.client.IterableConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.relayscope.event.InputSink;
import io.relayscope.event.RawInput;
import io.relayscope.fleet.FleetOptions;
import io.relayscope.fleet.FleetSubjects;
import io.relayscope.fleet.NatsLink;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the relay from the events stream ({@code --nats-source}): each message becomes a
 * {@link RawInput} from {@code nats:<node>}, parsed, numbered and fanned out as if a local engine
 * had sent it, so WebSocket clients get the same isolation. An ordered consumer (jnats recreates it
 * after a reconnect, where it left off) pulls at the relay's pace: when the hub's hand-off is full
 * the thread waits and NATS holds the rest, nothing is dropped. The relay's own node is skipped
 * when it also publishes (it has those events locally already).
 *
 * <p>Recovery: once a second {@link #check()} compares the stream's last sequence with the last
 * one read ({@link SourceLag}, in /health, /metrics and the node's snapshot); when events wait and
 * none came for a while ({@link SourceWatch}), e.g. after a nats-server restart took the consumer
 * away, the source makes a new consumer that starts right after the last event it read.
 */
public final class StreamSource implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamSource.class);

  private final NatsLink link;
  private final InputSink sink;
  private final String ownNode;
  private final String subject;
  private final FleetOptions.SourceStart start;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong forged = new AtomicLong();
  private volatile String lastForged = "";
  private final Thread thread;
  private final SourceWatch watch = new SourceWatch(System::nanoTime);
  private volatile boolean running = true;
  private volatile boolean renew;
  private volatile long lastStreamSeq; // of the last message read (own node's included)
  private volatile ZonedDateTime lastStreamTime;
  private volatile long baseline; // with --nats-source-start new: the stream's last sequence at start
  private volatile SourceLag lag = SourceLag.NONE;
  private IterableConsumer consumer; // source thread only, after start()

  public StreamSource(NatsLink link, InputSink sink, String ownNode, String subject, FleetOptions.SourceStart start) {
    this.link = link;
    this.sink = sink;
    this.ownNode = ownNode;
    this.subject = subject;
    this.start = start;
    this.thread = new Thread(this::run, "fleet-source");
    this.thread.setDaemon(true);
  }

  /** Creates the consumer (so a bad subject or a missing permission fails the start) and starts reading. */
  public void start() throws IOException {
    try {
      if (start == FleetOptions.SourceStart.NEW) {
        // Nothing before now is to be read: the lag counts from here.
        baseline = link.connection().jetStreamManagement().getStreamInfo(FleetSubjects.EVENTS_STREAM).getStreamState()
            .getLastSequence();
      }
      consumer = newConsumer();
    } catch (JetStreamApiException e) {
      throw new IOException("cannot read " + subject + " from " + FleetSubjects.EVENTS_STREAM + ": " + e.getMessage(), e);
    }
    thread.start();
  }

  /** An ordered consumer from the configured start, or right after the last event read. */
  private IterableConsumer newConsumer() throws IOException, JetStreamApiException {
    var config = new OrderedConsumerConfiguration().filterSubject(subject);
    long from = lastStreamSeq;
    if (from > 0) {
      config.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(from + 1);
    } else {
      config.deliverPolicy(switch (start) {
        case ALL -> DeliverPolicy.All;
        case LAST_PER_SUBJECT -> DeliverPolicy.LastPerSubject;
        case NEW -> DeliverPolicy.New;
      });
    }
    var made = link.connection().getStreamContext(FleetSubjects.EVENTS_STREAM).createOrderedConsumer(config).iterate();
    watch.progressed();
    return made;
  }

  /** Source thread: the old consumer goes, a new one starts after the last event read; false if NATS is not there yet. */
  private boolean renewConsumer() {
    try {
      consumer.stop();
    } catch (RuntimeException e) {
      // it is dead already
    }
    try {
      consumer = newConsumer();
      renew = false;
      log.info("reading {} again from stream sequence {} (the consumer was gone)", subject, lastStreamSeq + 1);
      return true;
    } catch (Exception e) {
      log.warn("cannot read {} again yet: {}", subject, e.toString());
      LockSupport.parkNanos(1_000_000_000L);
      return false;
    }
  }

  /**
   * Once a second (the node's facts thread): how far behind the stream the source is, and whether
   * its consumer must be made again. Asks JetStream for the stream's state (one request).
   */
  public void check() {
    if (!link.connected()) return;
    try {
      var jsm = link.connection().jetStreamManagement();
      long lastSeq;
      ZonedDateTime lastTime;
      long read = Math.max(lastStreamSeq, baseline);
      if (subject.equals(FleetOptions.DEFAULT_SOURCE)) {
        var state = jsm.getStreamInfo(FleetSubjects.EVENTS_STREAM).getStreamState();
        lastSeq = state.getLastSequence();
        lastTime = state.getLastTime();
        read = Math.max(read, state.getFirstSequence() - 1); // what max_age removed is not behind
      } else {
        var last = jsm.getLastMessage(FleetSubjects.EVENTS_STREAM, subject); // the newest event under the source's filter
        lastSeq = last.getSeq();
        lastTime = last.getTime();
      }
      lag = SourceLag.of(lastSeq, lastTime, read, lastStreamTime);
      if (watch.stalled(lag.events())) renew = true;
    } catch (Exception e) {
      // the stream's state is unknown this second; the lag stays as it was
    }
  }

  private void run() {
    long count = 0;
    while (running) {
      if (renew && !renewConsumer()) continue;
      Message m;
      try {
        m = consumer.nextMessage(Duration.ofMillis(500));
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        if (running) log.warn("reading the events stream: {}", e.toString());
        LockSupport.parkNanos(200_000_000L);
        continue;
      }
      if (m == null) continue;
      watch.progressed();
      if (m.isJetStream()) {
        lastStreamSeq = m.metaData().streamSequence();
        lastStreamTime = m.metaData().timestamp();
      }
      String node = m.getHeaders() == null ? null : m.getHeaders().getFirst(FleetSubjects.HEADER_NODE);
      if (FleetSubjects.forged(node, m.getSubject())) {
        forged.incrementAndGet(); // FleetNode journals NATS_FORGED each second
        lastForged = m.getSubject() + " claimed " + node;
        continue;
      }
      node = FleetSubjects.nodeOf(m.getSubject()); // the subject is what NATS vouches for
      if (ownNode.equals(node)) {
        skipped.incrementAndGet();
        continue;
      }
      byte[] data = m.getData() == null ? new byte[0] : m.getData();
      var in = new RawInput(FleetSubjects.SOURCE_PREFIX + node, ++count, System.nanoTime(), System.currentTimeMillis(), data,
          data.length, false);
      // Back-pressure, not loss: the stream keeps what the hub cannot take yet.
      while (!sink.offer(in)) {
        if (!running) return;
        watch.progressed(); // waiting for the hub, not for NATS
        LockSupport.parkNanos(1_000_000L);
      }
      received.incrementAndGet();
    }
  }

  /** How far behind the stream the source is, as of the last {@link #check()}. */
  public SourceLag lag() {
    return lag;
  }

  /** Events dropped: their header named another node than their subject. */
  public long forged() {
    return forged.get();
  }

  /** The subject and claimed node of the last forged event dropped. */
  public String lastForged() {
    return lastForged;
  }

  /** Events taken from the stream and handed to the hub. */
  public long received() {
    return received.get();
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (consumer != null) {
      try {
        consumer.stop();
      } catch (RuntimeException e) {
        // closing anyway
      }
    }
  }
}
