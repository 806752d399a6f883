package io.relayscope.fleet;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.relayscope.core.RelayCore;
import io.relayscope.event.EventTap;
import io.relayscope.fleet.control.ControlResponder;
import io.relayscope.fleet.publish.EventBuffer;
import io.relayscope.fleet.publish.EventPublisher;
import io.relayscope.fleet.publish.FactsPublisher;
import io.relayscope.fleet.source.StreamSource;
import io.relayscope.journal.FactKind;
import io.relayscope.metrics.NatsHealth;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay as a node of the fleet: its events and facts published to NATS, its clients
 * disconnectable by NATS request, and (with {@code --nats-source}) its input taken from the stream.
 * Attached to a running {@link RelayCore}; the relay does not know about NATS beyond a tap and a
 * health supplier.
 */
public final class FleetNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FleetNode.class);

  private final RelayCore core;
  private final FleetOptions options;
  private final NatsLink link;
  private final EventBuffer buffer;
  private final EventPublisher events;
  private final FactsPublisher facts;
  private final ControlResponder control;
  private final StreamGuard guard;
  private final StreamSource source;
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fleet-facts");
    t.setDaemon(true);
    return t;
  });
  private long reportedLostFull; // fleet-facts thread
  private long reportedLostFailed;
  private long reportedControlTooLarge;
  private long reportedFactsMissed;
  private long seenFailedSessions;
  private long reportedForged;
  private long reportedFactsGivenUp;

  private FleetNode(RelayCore core, FleetOptions options, NatsLink link, EventBuffer buffer) throws IOException {
    this.core = core;
    this.options = options;
    this.link = link;
    this.buffer = buffer;
    String run = core.run().id();
    this.events = new EventPublisher(buffer, listener -> publishingConnection(link, options.node(), listener),
        options.node(), run);
    link.reportBuffered(buffer::items);
    this.facts = new FactsPublisher(link, options.node(), core.journal(), core::snapshot, core.relay().mapper());
    this.control = new ControlResponder(link, options.node(), core.relay(), core.relay().mapper());
    this.guard = new StreamGuard(link, options.history(), core.journal(), System::nanoTime);
    this.source = options.source() == null ? null
        : new StreamSource(link, core.relay().inputSink(), options.node(), options.source(), options.sourceStart());
  }

  /** How long the start waits for NATS to answer each permission probe. */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The buffer a relay's accepted events wait in for NATS. Give it to {@link RelayCore#start(
   * io.relayscope.core.CoreConfig, io.relayscope.event.EventTap)} so it holds events from the first
   * one, while the relay still connects, then to {@link #start(RelayCore, FleetOptions, EventBuffer)}.
   */
  public static EventBuffer buffer(FleetOptions options) {
    return new EventBuffer(options.bufferEvents(), options.bufferBytes());
  }

  /** The event publisher's own connection: the link's servers and credentials, never reconnecting by itself (see EventPublisher). */
  private static Connection publishingConnection(NatsLink link, String node,
      ConnectionListener listener) throws IOException, InterruptedException {
    var o = new Options.Builder(link.options()).noReconnect().connectionName("relayscope " + node + " events")
        .connectionListener(listener).errorListener(new ErrorListener() {
          @Override
          public void errorOccurred(Connection conn, String error) {
            log.debug("NATS (event publisher): {}", NatsLink.redacted(error));
          }
        }).build();
    return Nats.connect(o);
  }

  /**
   * Connects, creates the streams if absent, checks the user may publish and take control requests
   * ({@link PermissionProbe}), and starts publishing what {@code buffer} holds (the relay's tap since
   * its start) and what follows; on failure nothing is left running.
   */
  public static FleetNode start(RelayCore core, FleetOptions options, EventBuffer buffer) throws IOException, InterruptedException {
    NatsLink link = NatsLink.connect(options, core.journal());
    FleetNode node;
    try {
      var probe = new PermissionProbe(link.connection(), link.jetStream(), PROBE_TIMEOUT);
      probe.checkInbox(); // first: without it the streams' creation would only time out
      link.ensureStreams(options.history());
      node = new FleetNode(core, options, link, buffer);
      probe.check(options.node());
      if (node.source != null) node.source.start();
    } catch (IOException | RuntimeException | InterruptedException e) {
      link.close();
      throw e;
    }
    node.events.start();
    core.relay().tap(buffer); // already there when the relay started with it; a relay started without gets it now
    core.relay().reportNats(node::health);
    node.ticks.scheduleAtFixedRate(node::everySecond, 1, 1, TimeUnit.SECONDS);
    log.info("node {} publishing to NATS {} (streams {}, {}){}", options.node(), link.server(), FleetSubjects.EVENTS_STREAM,
        FleetSubjects.FACTS_STREAM, node.source == null ? "" : "; reading " + options.source());
    return node;
  }

  private void everySecond() {
    try {
      journalLosses();
      long failed = events.failedSessions();
      guard.tick(failed > seenFailedSessions);
      seenFailedSessions = failed;
      if (source != null) {
        source.check();
        journalForged();
      }
      facts.tick();
    } catch (Throwable t) { // a failed tick must not cancel the schedule
      log.warn("fleet facts: {}", t.toString());
    }
  }

  /** Losses since the last second, as one journal fact each: never silent, never one fact per event. */
  private void journalLosses() {
    long full = buffer.lostFull();
    if (full > reportedLostFull) {
      core.journal().append(FactKind.NATS_LOST, "nats", Map.of("what", "events", "count", full - reportedLostFull,
          "reason", "buffer full (--nats-buffer-events " + options.bufferEvents() + ", --nats-buffer-bytes "
              + options.bufferBytes() + ")"));
      log.warn("{} events not published to NATS: buffer full [{} so far]", full - reportedLostFull, full);
      reportedLostFull = full;
    }
    long failed = events.lostFailed();
    if (failed > reportedLostFailed) {
      core.journal().append(FactKind.NATS_LOST, "nats", Map.of("what", "events", "count", failed - reportedLostFailed,
          "reason", "publish failed 5 times: " + String.valueOf(link.lastError())));
      reportedLostFailed = failed;
    }
    long missed = facts.missed();
    if (missed > reportedFactsMissed) {
      core.journal().append(FactKind.NATS_LOST, "nats", Map.of("what", "facts", "count", missed - reportedFactsMissed,
          "reason", "overwritten in the journal's ring before NATS was back"));
      reportedFactsMissed = missed;
    }
    long givenUp = facts.givenUp();
    if (givenUp > reportedFactsGivenUp) {
      core.journal().append(FactKind.NATS_LOST, "nats", Map.of("what", "facts", "count", givenUp - reportedFactsGivenUp,
          "reason", "never acknowledged by JetStream (more than " + FactsPublisher.MAX_UNCONFIRMED + " batches waited)"));
      reportedFactsGivenUp = givenUp;
    }
  }

  /** Forged events the source dropped since the last second, as one fact: a node posing as another is never silent. */
  private void journalForged() {
    long forged = source.forged();
    if (forged > reportedForged) {
      core.journal().append(FactKind.NATS_FORGED, "nats", Map.of("count", forged - reportedForged, "last", source.lastForged()));
      log.warn("dropped {} events from the stream whose Relayscope-Node header named another node than their subject "
          + "(last: {}) [{} so far]", forged - reportedForged, source.lastForged(), forged);
      reportedForged = forged;
    }
    long tooLarge = control.tooLarge();
    if (tooLarge > reportedControlTooLarge) { // one line a second however many arrive
      log.warn("{} control requests refused: over {} bytes [{} so far]", tooLarge - reportedControlTooLarge,
          ControlResponder.MAX_REQUEST_BYTES, tooLarge);
      reportedControlTooLarge = tooLarge;
    }
  }

  /** Control requests refused unparsed as too large, since the start. */
  public long controlRequestsTooLarge() {
    return control.tooLarge();
  }

  public NatsHealth health() {
    return new NatsHealth(link.status(), link.server(), events.published(), buffer.items(), buffer.bytes(),
        buffer.lostFull() + events.lostFailed() + buffer.lostStopped(), events.retried(), link.disconnects(), link.reconnects(),
        facts.published(), facts.lost(), source == null ? 0 : source.received(), link.lastError(),
        source == null ? 0 : source.lag().events(), source == null ? 0 : source.lag().seconds(),
        source == null ? 0 : source.forged(), control.tooLarge(), guard.problem());
  }

  /** The facts publisher (what waits to be sent again after a failed acknowledgement). */
  public FactsPublisher facts() {
    return facts;
  }

  public FleetOptions options() {
    return options;
  }

  /** How long a clean shutdown waits for buffered events to be acknowledged. */
  private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(2);

  /**
   * A clean stop: the relay stops taking input (so no event is accepted that could not be
   * published), the hub finishes what it was handed, the buffer gets up to 2 s to be acknowledged;
   * what is left is counted lost (health, a {@code NATS_LOST} fact, the log), then the connections close.
   */
  @Override
  public void close() {
    core.stopIngest();
    ticks.shutdownNow();
    try {
      ticks.awaitTermination(2, TimeUnit.SECONDS); // journalLosses() below is the tick's: not both at once
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (source != null) source.close();
    control.close();
    long deadline = System.nanoTime() + DRAIN_NANOS;
    while (core.snapshot().relay().handoffBytes() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(5_000_000L); // the hub taps what ingest handed it
    }
    events.drain(Math.max(0, deadline - System.nanoTime()));
    events.close();
    long left = buffer.seal();
    core.relay().tap(EventTap.NONE);
    if (left > 0) {
      log.warn("{} events not published to NATS: the relay stopped first", left);
      core.journal().append(FactKind.NATS_LOST, "nats", Map.of("what", "events", "count", left,
          "reason", "the relay stopped before JetStream acknowledged them"));
    }
    try {
      journalLosses();
    } catch (RuntimeException e) {
      log.warn("fleet facts: {}", e.toString());
    }
    try {
      link.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
