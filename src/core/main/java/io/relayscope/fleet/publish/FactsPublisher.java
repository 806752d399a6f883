package io.relayscope.fleet.publish;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.relayscope.fleet.FleetSubjects;
import io.relayscope.fleet.NatsLink;
import io.relayscope.fleet.NodeSnapshot;
import io.relayscope.journal.FactCodec;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import io.relayscope.journal.JournalFact;
import io.relayscope.metrics.RelaySnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A node's facts, once a second on the caller's thread: the relay's snapshot on
 * {@code relayscope.facts.<node>.snapshot}, and the journal facts since the last tick (all but
 * {@code EVENT_RECEIVED}) in batches on {@code relayscope.facts.<node>.journal}. While NATS is down
 * no snapshot is sent (the next supersedes it) and journal facts wait in the journal's ring; those
 * the ring overwrites before the link is back are counted ({@code missed} in the next batch).
 *
 * <p>A journal batch whose acknowledgement fails is not lost: it may well be stored (a server that
 * stalled, or jnats sending it after a reconnect). It is sent again each tick under the same
 * {@code Nats-Msg-Id} (JetStream stores it once) until acknowledged; only when more than
 * {@link #MAX_UNCONFIRMED} batches wait is the oldest given up and counted lost.
 */
public final class FactsPublisher {
  /** Facts per journal message, and the bytes a message may reach (NATS's default limit is 1 MiB). */
  static final int BATCH_FACTS = 500;
  static final int BATCH_BYTES = 256 * 1024;
  /** Journal facts read per tick at most: a flood of events (one fact each) must not hold the tick. */
  static final int SCAN_PER_TICK = 200_000;
  /** Journal batches kept to be sent again until acknowledged (at most this many facts × 500). */
  public static final int MAX_UNCONFIRMED = 256;

  /** A journal batch not yet acknowledged: sent again under the same message id until it is. */
  private record Batch(String subject, String msgId, byte[] body, int facts, CompletableFuture<?> ack) {
    Batch sentAgain(CompletableFuture<?> again) {
      return new Batch(subject, msgId, body, facts, again);
    }
  }

  private final NatsLink link;
  private final String node;
  private final String run;
  private final Journal journal;
  private final Supplier<RelaySnapshot> snapshots;
  private final ObjectMapper mapper;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong missedTotal = new AtomicLong();
  private final AtomicLong givenUp = new AtomicLong();
  private final ConcurrentLinkedDeque<Batch> unconfirmed = new ConcurrentLinkedDeque<>();
  private long nextFact; // caller's thread only
  private long missed;

  public FactsPublisher(NatsLink link, String node, Journal journal, Supplier<RelaySnapshot> snapshots, ObjectMapper mapper) {
    this.link = link;
    this.node = node;
    this.run = journal.run().id();
    this.journal = journal;
    this.snapshots = snapshots;
    this.mapper = mapper;
  }

  /** One tick: the snapshot, then the journal's new facts. */
  public void tick() throws IOException {
    confirm();
    if (!link.connected()) return;
    snapshot(mapper.writeValueAsBytes(new NodeSnapshot(node, run, snapshots.get())));
    resendUnconfirmed();
    publishJournal();
  }

  private void publishJournal() throws IOException {
    var batch = new ArrayList<JournalFact>();
    int bytes = 0;
    int scanned = 0;
    while (scanned < SCAN_PER_TICK) {
      List<JournalFact> facts = journal.since(nextFact, 4096);
      if (facts.isEmpty()) break;
      for (JournalFact f : facts) {
        if (f.id() > nextFact) missed += f.id() - nextFact; // overwritten before we read them
        nextFact = f.id() + 1;
        scanned++;
        if (f.kind() == FactKind.EVENT_RECEIVED) continue;
        batch.add(f);
        bytes += 128 + f.fields().size() * 64; // a rough size: the encoder decides for real
        if (batch.size() >= BATCH_FACTS || bytes >= BATCH_BYTES) {
          sendBatch(batch);
          batch.clear();
          bytes = 0;
        }
      }
    }
    if (!batch.isEmpty() || missed > 0) sendBatch(batch);
  }

  /** {@code {"node":…,"run":…,"missed":n,"facts":[<one journal line each, as FactCodec writes it>]}} */
  private void sendBatch(List<JournalFact> facts) throws IOException {
    var out = new ByteArrayOutputStream();
    try (JsonGenerator g = mapper.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("node", node);
      g.writeStringField("run", run);
      g.writeNumberField("missed", missed);
      g.writeArrayFieldStart("facts");
      for (JournalFact f : facts) g.writeRawValue(FactCodec.encode(f));
      g.writeEndArray();
      g.writeEndObject();
    }
    missedTotal.addAndGet(missed);
    missed = 0;
    String id = run + "-j" + (facts.isEmpty() ? nextFact : facts.get(0).id());
    String subject = FleetSubjects.facts(node, "journal");
    byte[] body = out.toByteArray();
    unconfirmed.addLast(new Batch(subject, id, body, facts.size(), send(subject, id, body)));
    while (unconfirmed.size() > MAX_UNCONFIRMED) givenUp.addAndGet(unconfirmed.pollFirst().facts());
  }

  /** A snapshot is not sent again: the next one supersedes it. */
  private void snapshot(byte[] body) {
    send(FleetSubjects.facts(node, "snapshot"), null, body).whenComplete((ack, error) -> {
      if (error == null) published.incrementAndGet();
    });
  }

  /** Drops the acknowledged batches (in whatever order the acknowledgements came). */
  private void confirm() {
    for (var it = unconfirmed.iterator(); it.hasNext(); ) {
      Batch b = it.next();
      if (b.ack().isDone() && !b.ack().isCompletedExceptionally()) {
        it.remove();
        published.incrementAndGet();
      }
    }
  }

  /** Sends again, same message id, each batch whose acknowledgement failed. */
  private void resendUnconfirmed() {
    int n = unconfirmed.size();
    for (int i = 0; i < n; i++) {
      Batch b = unconfirmed.pollFirst();
      if (b.ack().isCompletedExceptionally()) {
        b = b.sentAgain(send(b.subject(), b.msgId(), b.body()));
      }
      unconfirmed.addLast(b);
    }
  }

  private CompletableFuture<?> send(String subject, String msgId, byte[] body) {
    var headers = new Headers().add(FleetSubjects.HEADER_NODE, node).add(FleetSubjects.HEADER_RUN, run);
    if (msgId != null) headers.add(FleetSubjects.HEADER_MSG_ID, msgId);
    var message = NatsMessage.builder().subject(subject).headers(headers).data(body).build();
    try {
      return link.jetStream().publishAsync(message);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Fact messages JetStream acknowledged. */
  public long published() {
    return published.get();
  }

  /** Journal facts that never reached NATS: {@link #missed()} plus {@link #givenUp()}. */
  public long lost() {
    return missedTotal.get() + givenUp.get();
  }

  /** Journal facts the ring overwrote before they could be read (NATS was down too long). */
  public long missed() {
    return missedTotal.get();
  }

  /** Journal facts in batches given up unacknowledged (more than {@link #MAX_UNCONFIRMED} waited). */
  public long givenUp() {
    return givenUp.get();
  }

  /** Journal batches whose acknowledgement failed, waiting to be sent again (caller's thread; a test reads it). */
  public long failedAwaitingResend() {
    return unconfirmed.stream().filter(b -> b.ack().isCompletedExceptionally()).count();
  }
}
