package io.relayscope.fleet;

import io.relayscope.core.RelayCore;
import io.relayscope.fleet.control.ControlResponder;
import io.relayscope.fleet.publish.EventPublisher;
import io.relayscope.fleet.publish.FactsPublisher;
import io.relayscope.fleet.source.StreamSource;
import io.relayscope.journal.FactKind;
import io.relayscope.metrics.NatsHealth;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
  private final EventPublisher events;
  private final FactsPublisher facts;
  private final ControlResponder control;
  private final StreamSource source;
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fleet-facts");
    t.setDaemon(true);
    return t;
  });
  private long reportedLostFull; // fleet-facts thread
  private long reportedLostFailed;
  private long reportedFactsLost;
  private long reportedControlTooLarge;

  private FleetNode(RelayCore core, FleetOptions options, NatsLink link) throws IOException {
    this.core = core;
    this.options = options;
    this.link = link;
    String run = core.run().id();
    this.events = new EventPublisher(link, options.node(), run, options.bufferEvents(), options.bufferBytes());
    link.reportBuffered(events::buffered);
    this.facts = new FactsPublisher(link, options.node(), core.journal(), core::snapshot, core.relay().mapper());
    this.control = new ControlResponder(link, options.node(), core.relay(), core.relay().mapper());
    this.source = options.source() == null ? null
        : new StreamSource(link, core.relay().inputSink(), options.node(), options.source(), options.sourceStart());
  }

  /** How long the start waits for NATS to answer each permission probe. */
  private static final java.time.Duration PROBE_TIMEOUT = java.time.Duration.ofSeconds(10);

  /**
   * Connects, creates the streams if absent, checks the user may publish and take control requests
   * ({@link PermissionProbe}), and starts publishing; on failure nothing is left running.
   */
  public static FleetNode start(RelayCore core, FleetOptions options) throws IOException, InterruptedException {
    NatsLink link = NatsLink.connect(options, core.journal());
    FleetNode node;
    try {
      link.ensureStreams(options.history());
      node = new FleetNode(core, options, link); // subscribes to its control requests
      new PermissionProbe(link.connection(), link.jetStream(), PROBE_TIMEOUT).check(options.node());
      if (node.source != null) node.source.start();
    } catch (IOException | RuntimeException | InterruptedException e) {
      link.close();
      throw e;
    }
    node.events.start();
    core.relay().tap(node.events);
    core.relay().reportNats(node::health);
    node.ticks.scheduleAtFixedRate(node::everySecond, 1, 1, TimeUnit.SECONDS);
    log.info("node {} publishing to NATS {} (streams {}, {}){}", options.node(), link.server(), FleetSubjects.EVENTS_STREAM,
        FleetSubjects.FACTS_STREAM, node.source == null ? "" : "; reading " + options.source());
    return node;
  }

  private void everySecond() {
    try {
      journalLosses();
      facts.tick();
    } catch (Throwable t) { // a failed tick must not cancel the schedule
      log.warn("fleet facts: {}", t.toString());
    }
  }

  /** Losses since the last second, as one journal fact each: never silent, never one fact per event. */
  private void journalLosses() {
    long full = events.lostBufferFull();
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
          "reason", "publish failed " + "5 times: " + String.valueOf(link.lastError())));
      reportedLostFailed = failed;
    }
    long factsLost = facts.lost();
    if (factsLost > reportedFactsLost) {
      core.journal().append(FactKind.NATS_LOST, "nats", Map.of("what", "facts", "count", factsLost - reportedFactsLost,
          "reason", "not published (NATS down longer than the journal ring holds, or publish failed)"));
      reportedFactsLost = factsLost;
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
    return new NatsHealth(link.status(), link.server(), events.published(), events.buffered(), events.bufferedBytes(),
        events.lostBufferFull() + events.lostFailed(), events.retried(), link.disconnects(), link.reconnects(),
        facts.published(), facts.lost(), source == null ? 0 : source.received(), link.lastError());
  }

  public FleetOptions options() {
    return options;
  }

  /** How long a clean shutdown waits for buffered events to be acknowledged. */
  private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(2);

  /**
   * Stops reading from the stream and taking events, gives the buffer up to 2 s to be acknowledged
   * (what is left is logged as lost), then closes the connection.
   */
  @Override
  public void close() {
    core.relay().tap(io.relayscope.event.EventTap.NONE);
    ticks.shutdownNow();
    if (source != null) source.close();
    control.close();
    long deadline = System.nanoTime() + DRAIN_NANOS;
    while (events.buffered() > 0 && link.connected() && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
    }
    if (events.buffered() > 0) log.warn("{} events not published to NATS: the relay stopped first", events.buffered());
    events.close();
    try {
      link.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
