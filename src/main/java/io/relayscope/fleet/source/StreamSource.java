package io.relayscope.fleet.source;

import io.nats.client.IterableConsumer;
import io.nats.client.Message;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.relayscope.event.InputSink;
import io.relayscope.event.RawInput;
import io.relayscope.fleet.FleetOptions;
import io.relayscope.fleet.FleetSubjects;
import io.relayscope.fleet.NatsLink;
import java.time.Duration;
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
  private final Thread thread;
  private volatile boolean running = true;
  private IterableConsumer consumer;

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
  public void start() throws java.io.IOException {
    try {
      var config = new OrderedConsumerConfiguration().filterSubject(subject).deliverPolicy(switch (start) {
        case ALL -> DeliverPolicy.All;
        case LAST_PER_SUBJECT -> DeliverPolicy.LastPerSubject;
        case NEW -> DeliverPolicy.New;
      });
      consumer = link.connection().getStreamContext(FleetSubjects.EVENTS_STREAM).createOrderedConsumer(config).iterate();
    } catch (io.nats.client.JetStreamApiException e) {
      throw new java.io.IOException("cannot read " + subject + " from " + FleetSubjects.EVENTS_STREAM + ": " + e.getMessage(), e);
    }
    thread.start();
  }

  private void run() {
    long count = 0;
    while (running) {
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
      String node = m.getHeaders() == null ? null : m.getHeaders().getFirst(FleetSubjects.HEADER_NODE);
      if (node == null) node = FleetSubjects.nodeOf(m.getSubject());
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
        LockSupport.parkNanos(1_000_000L);
      }
      received.incrementAndGet();
    }
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
