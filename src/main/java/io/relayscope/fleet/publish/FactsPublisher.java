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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A node's facts, once a second on the caller's thread: the relay's snapshot on
 * {@code relayscope.facts.<node>.snapshot}, and the journal facts since the last tick (all but
 * {@code EVENT_RECEIVED}) in batches on {@code relayscope.facts.<node>.journal}. While NATS is down
 * no snapshot is sent (the next supersedes it) and journal facts wait in the journal's ring; those
 * the ring overwrites before the link is back are counted ({@code missed} in the next batch).
 */
public final class FactsPublisher {
  /** Facts per journal message, and the bytes a message may reach (NATS's default limit is 1 MiB). */
  static final int BATCH_FACTS = 500;
  static final int BATCH_BYTES = 256 * 1024;
  /** Journal facts read per tick at most: a flood of events (one fact each) must not hold the tick. */
  static final int SCAN_PER_TICK = 200_000;

  private final NatsLink link;
  private final String node;
  private final String run;
  private final Journal journal;
  private final Supplier<RelaySnapshot> snapshots;
  private final ObjectMapper mapper;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
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
    if (!link.connected()) return;
    publish(FleetSubjects.facts(node, "snapshot"), null, mapper.writeValueAsBytes(new NodeSnapshot(node, run, snapshots.get())), 1);
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
    lost.addAndGet(missed);
    missed = 0;
    String id = run + "-j" + (facts.isEmpty() ? nextFact : facts.get(0).id());
    publish(FleetSubjects.facts(node, "journal"), id, out.toByteArray(), Math.max(1, facts.size()));
  }

  private void publish(String subject, String msgId, byte[] body, int facts) {
    var headers = new Headers().add(FleetSubjects.HEADER_NODE, node).add(FleetSubjects.HEADER_RUN, run);
    if (msgId != null) headers.add(FleetSubjects.HEADER_MSG_ID, msgId);
    var message = NatsMessage.builder().subject(subject).headers(headers).data(body).build();
    try {
      link.jetStream().publishAsync(message).whenComplete((ack, error) -> {
        if (error == null) published.incrementAndGet();
        else lost.addAndGet(facts);
      });
    } catch (RuntimeException e) {
      lost.addAndGet(facts);
    }
  }

  /** Fact messages JetStream acknowledged. */
  public long published() {
    return published.get();
  }

  /** Snapshots and journal facts that never reached NATS. */
  public long lost() {
    return lost.get();
  }
}
