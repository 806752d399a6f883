package io.relayscope.fleet.console;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.MessageHandler;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.relayscope.fleet.source.SourceWatch;
import java.io.IOException;
import java.time.ZonedDateTime;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's reading of one stream: an ordered consumer from the history's start, and after
 * that one is gone (a nats-server restart takes it away; jnats made a new one only after 45 s or
 * never, and the FACTS stream was left with none) a new one from right after the last stream
 * sequence handed on. A message at or before that sequence (an old consumer's late delivery) is
 * dropped, so nothing reaches the model twice.
 */
final class StreamReader {
  private static final Logger log = LoggerFactory.getLogger(StreamReader.class);

  private final String stream;
  private final String subjects;
  private final ZonedDateTime start;
  private final MessageHandler handler;
  private final SourceWatch watch;
  private final Object lock = new Object();
  private volatile MessageConsumer consumer;
  private volatile long lastSeq;
  private volatile long pending = -1;
  private volatile long delivered;
  private volatile boolean stalled;

  StreamReader(String stream, String subjects, ZonedDateTime start, MessageHandler handler, LongSupplier nanos) {
    this.stream = stream;
    this.subjects = subjects;
    this.start = start;
    this.handler = handler;
    this.watch = new SourceWatch(nanos);
  }

  /** A new consumer, from the start or right after the last message handed on; the old one is stopped. Attach thread. */
  void open(Connection nats) throws IOException, JetStreamApiException {
    var config = new OrderedConsumerConfiguration().filterSubject(subjects);
    long from = lastSeq;
    if (from > 0) {
      config.deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(from + 1);
    } else {
      config.deliverPolicy(DeliverPolicy.ByStartTime).startTime(start);
    }
    stop();
    consumer = nats.getStreamContext(stream).createOrderedConsumer(config).consume(this::deliver);
    watch.progressed();
    stalled = false;
  }

  /** Opens again after an outage; false (and logged) when NATS cannot make the consumer yet. */
  boolean renew(Connection nats) {
    try {
      open(nats);
      log.info("reading {} again from stream sequence {}", stream, lastSeq + 1);
      return true;
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      log.info("cannot read {} again yet: {}", stream, e.toString());
      return false;
    }
  }

  private void deliver(Message m) throws InterruptedException {
    synchronized (lock) { // one consumer's dispatcher at a time, even while an old one winds down
      long seq = m.metaData().streamSequence();
      if (seq <= lastSeq) return;
      lastSeq = seq;
      pending = m.metaData().pendingCount();
      delivered++;
      watch.progressed();
      handler.onMessage(m);
    }
  }

  /**
   * Once a second: whether the consumer is dead, i.e. the stream holds messages after the last one
   * handed on and none came for {@link SourceWatch#STALL_NANOS}. Asks JetStream for the stream's
   * state (one request). True when it should be opened again.
   */
  boolean check(Connection nats) {
    if (consumer == null) return false;
    try {
      var state = nats.jetStreamManagement().getStreamInfo(stream).getStreamState();
      long read = Math.max(lastSeq, state.getFirstSequence() - 1); // what max_age removed is not behind
      stalled = watch.stalled(state.getLastSequence() - read);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      // the stream's state is unknown this second: NATS is away, the connection's state says so
    }
    return stalled;
  }

  /** Whether a consumer exists (the stream may not yet, before the first relay published). */
  boolean reading() {
    return consumer != null;
  }

  /** Messages wait in the stream and none come: the consumer is gone. */
  boolean stalled() {
    return stalled;
  }

  String stream() {
    return stream;
  }

  long lastSeq() {
    return lastSeq;
  }

  long delivered() {
    return delivered;
  }

  /** JetStream's count of messages after the last one delivered; -1 before the first. */
  long pending() {
    return pending;
  }

  void stop() {
    var c = consumer;
    consumer = null;
    if (c == null) return;
    try {
      c.stop();
    } catch (RuntimeException e) {
      // it is gone already
    }
  }
}
