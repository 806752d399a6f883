package io.relayscope.fleet.console;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import io.relayscope.event.EventParser;
import io.relayscope.event.EventSummary;
import io.relayscope.event.ParseOutcome;
import io.relayscope.event.RawInput;
import io.relayscope.fleet.FleetSubjects;
import io.relayscope.fleet.NatsLink;
import io.relayscope.journal.FactCodec;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.metrics.RelaySnapshot;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet as one console sees it, read from NATS JetStream (docs/fleet.md): every node's machines
 * built from its events, its relay's latest figures, its journal facts for the timeline, and
 * commands sent back to it. No JavaFX here: JetStream's threads write, any thread reads immutable
 * {@link FleetFrame}s, and the UI drains {@link #drainFacts} at its frame rate.
 *
 * <p>On attach both streams are read from {@code history} ago with ordered consumers
 * (deliver-by-start-time), so the console opens with the last hour; JetStream tells how many
 * messages are still pending with each one, which is the replay's progress. After a reconnect,
 * or when a stream has messages and none come for 5 s, its consumer is made again from right after
 * the last message read ({@link StreamReader}): a nats-server restart takes the consumers away.
 */
public final class FleetModel implements AutoCloseable {
  /** Facts waiting for the UI at most; older ones are skipped (and counted) if it falls behind. */
  public static final int MAX_PENDING_FACTS = 20_000;
  /** Events are validated as a relay would, with a generous bound: the relay already enforced its own. */
  private static final int MAX_EVENT_BYTES = 16 << 20;
  private static final Pattern PUBLISH_VIOLATION = Pattern.compile("Permissions Violation for Publish to \"?([^\"']+)\"?");
  private static final Logger log = LoggerFactory.getLogger(FleetModel.class);

  private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final Duration history;
  private final long staleAfterMillis;
  private final Map<String, NodeState> nodes = new ConcurrentSkipListMap<>();
  private final AtomicLong forged = new AtomicLong();
  private final ConcurrentLinkedQueue<JournalFact> pendingFacts = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pendingCount = new AtomicInteger();
  private final AtomicLong skippedFacts = new AtomicLong();
  private final AtomicLong undecodable = new AtomicLong();
  /** Control requests waiting for an answer, by subject: a permissions error names only the subject. */
  private final Map<String, Set<CompletableFuture<ControlOutcome>>> awaiting = new ConcurrentHashMap<>();
  private final ScheduledExecutorService attacher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fleet-attach");
    t.setDaemon(true);
    return t;
  });
  private final EventParser parser = new EventParser(MAX_EVENT_BYTES, EventParser.DEFAULT_MAX_DEPTH); // events thread only
  private final StreamReader events;
  private final StreamReader facts;
  /** The link as the NATS client reports it: "connected to …", "disconnected from NATS, reconnecting", "closed". */
  private volatile String link = "connecting";
  private volatile boolean linkUp = true;
  /** Why the streams are not read although the link is up (null when they are). */
  private volatile String readProblem = "opening the fleet's streams";
  /** Set on a reconnect: the consumers are made again from where they were (a restarted server has none). */
  private volatile boolean renewing;
  private volatile Connection nats;
  private volatile boolean closed;

  private FleetModel(Duration history, Duration staleAfter, LongSupplier nanos) {
    this.history = history;
    this.staleAfterMillis = staleAfter.toMillis();
    var start = ZonedDateTime.now(ZoneOffset.UTC).minus(history);
    events = new StreamReader(FleetSubjects.EVENTS_STREAM, FleetSubjects.EVENTS_PREFIX + ">", start, this::onEvent, nanos);
    facts = new StreamReader(FleetSubjects.FACTS_STREAM, FleetSubjects.FACTS_PREFIX + ">", start, this::onFact, nanos);
  }

  /**
   * Connects with {@code options} (URL, credentials, TLS as the operator gave them) and starts
   * reading both streams from {@code history} ago. Throws if the first connection fails, so a bad
   * URL or password is reported on the command line. Blocking: never call it on the FX thread.
   */
  public static FleetModel attach(Options.Builder options, Duration history, Duration staleAfter)
      throws IOException, InterruptedException {
    var model = new FleetModel(history, staleAfter, System::nanoTime);
    model.nats = Nats.connect(options
        .connectionListener(model.connectionListener())
        .errorListener(model.errorListener())
        .maxReconnects(-1)
        // As the relay's link: a paused server is declared down in seconds, not after jnats's 2 minutes.
        .pingInterval(NatsLink.PING_INTERVAL)
        .maxPingsOut(NatsLink.MAX_PINGS_OUT)
        .reportNoResponders()
        .build());
    model.link = "connected to " + NatsLink.redacted(model.nats.getConnectedUrl());
    model.attacher.scheduleWithFixedDelay(model::tick, 0, 1, TimeUnit.SECONDS);
    return model;
  }

  /**
   * Attach thread, once a second (and at once after a reconnect): creates the consumers a stream
   * lacks (the streams may not exist yet: no relay has published), makes them again after a
   * reconnect, and makes again one whose messages stopped while its stream has more.
   */
  private void tick() {
    if (closed || !linkUp) return;
    try {
      boolean again = renewing;
      renewing = false;
      for (StreamReader r : new StreamReader[] {events, facts}) {
        if (!r.reading()) {
          r.open(nats);
        } else if (again || r.check(nats)) {
          if (!r.renew(nats)) renewing = true; // the next tick tries again
        }
      }
      readProblem = null;
    } catch (JetStreamApiException e) {
      readProblem = "waiting for the fleet's streams (" + e.getErrorDescription() + ")";
    } catch (IOException | RuntimeException e) {
      readProblem = "cannot read the fleet's streams: " + e.getMessage();
    }
  }

  /** What the toolbar says: "connected" only while the link is up and both streams are read. */
  private String connection() {
    if (!linkUp) return link;
    if (readProblem != null) return readProblem;
    for (StreamReader r : new StreamReader[] {events, facts}) {
      if (r.stalled()) return "no messages from " + r.stream() + " although it has more: reading it again (" + link + ")";
    }
    return renewing ? "reconnected, reading the streams again (" + link + ")" : link;
  }

  /** Events thread: one accepted event of one node, bytes as the engine sent them. */
  private void onEvent(Message msg) {
    try {
      var meta = msg.metaData();
      Headers h = msg.getHeaders();
      if (FleetSubjects.forged(header(h, FleetSubjects.HEADER_NODE, null), msg.getSubject())) {
        forged.incrementAndGet(); // a node posing as another: the subject is what NATS vouches for
        return;
      }
      String node = FleetSubjects.nodeOf(msg.getSubject());
      long serverMillis = meta.timestamp().toInstant().toEpochMilli();
      long received = parseLong(header(h, FleetSubjects.HEADER_RECEIVED_MS, null), serverMillis);
      long seq = parseLong(header(h, FleetSubjects.HEADER_SEQ, null), 0);
      byte[] bytes = msg.getData();
      NodeState state = node(node);
      state.reported(serverMillis);
      var outcome = parser.parse(new RawInput("nats:" + node, seq, 0, received, bytes, bytes.length, false), seq);
      if (!(outcome instanceof ParseOutcome.Accepted accepted)) return; // the relay accepted it; a stricter parser here would be a bug
      var event = accepted.event();
      state.machines.apply(event);
      state.eventsSeen++;
      // The relay journals EVENT_RECEIVED but does not publish it (the event itself is published): the timeline's
      // ingest lanes are built from the event, with the fields the relay would have journaled.
      var fields = new HashMap<String, Object>();
      fields.put("seq", seq);
      fields.put("type", event.type());
      fields.put("bytes", (long) bytes.length);
      fields.put("source", "nats");
      fields.put("summary", EventSummary.of(event));
      if (event.machineName() != null) fields.put("machine", node + "/" + event.machineName());
      offer(new JournalFact(seq, received, 0, FactKind.EVENT_RECEIVED,
          node + "/" + (event.machineName() == null ? "_" : event.machineName()), fields));
    } catch (RuntimeException e) {
      undecodable.incrementAndGet();
      log.warn("fleet event on {} not understood: {}", msg.getSubject(), e.toString());
    }
  }

  /** Facts thread: a node's snapshot (its relay's figures) or one of its journal facts. */
  private void onFact(Message msg) {
    try {
      var meta = msg.metaData();
      String subject = msg.getSubject();
      String node = FleetSubjects.nodeOf(subject);
      NodeState state = node(node);
      state.reported(meta.timestamp().toInstant().toEpochMilli());
      var body = json.readTree(msg.getData());
      if (subject.endsWith(".snapshot")) {
        // {"node":…,"run":…,"snapshot":<RelaySnapshot as Jackson writes it>}
        state.figures = json.treeToValue(body.path("snapshot"), RelaySnapshot.class);
      } else if (subject.endsWith(".journal")) {
        // {"node":…,"run":…,"missed":n,"facts":[<FactCodec lines>]}: missed = facts the relay could not publish
        state.factsMissed += body.path("missed").asLong(0);
        for (var line : body.path("facts")) offer(labelled(node, FactCodec.decode(line)));
      }
    } catch (IOException | RuntimeException e) {
      undecodable.incrementAndGet();
      log.warn("fleet fact on {} not understood: {}", msg.getSubject(), e.toString());
    }
  }

  /** The fact with its subject (and machine) prefixed by the node: the timeline's lanes then name the node. */
  static JournalFact labelled(String node, JournalFact f) {
    Map<String, Object> fields = f.fields();
    if (fields.get("machine") instanceof String m) {
      fields = new HashMap<>(fields);
      fields.put("machine", node + "/" + m);
    }
    return new JournalFact(f.run(), f.id(), f.atMillis(), f.atNanos(), f.kind(), node + "/" + f.subject(), fields);
  }

  private void offer(JournalFact f) {
    pendingFacts.offer(f);
    if (pendingCount.incrementAndGet() > MAX_PENDING_FACTS && pendingFacts.poll() != null) {
      pendingCount.decrementAndGet();
      skippedFacts.incrementAndGet();
    }
  }

  private NodeState node(String node) {
    return nodes.computeIfAbsent(node == null ? "_" : node, n -> new NodeState(n, json));
  }

  /** Up to {@code max} facts that arrived since the last call, oldest first. */
  public List<JournalFact> drainFacts(int max) {
    var out = new ArrayList<JournalFact>(Math.min(max, pendingCount.get()));
    JournalFact f;
    while (out.size() < max && (f = pendingFacts.poll()) != null) {
      pendingCount.decrementAndGet();
      out.add(f);
    }
    return out;
  }

  /** Facts dropped since the last call because the UI fell behind. */
  public long takeSkippedFacts() {
    return skippedFacts.getAndSet(0);
  }

  /** Messages that could not be read (wrong shape): counted, logged, never silently dropped. */
  public long undecodable() {
    return undecodable.get();
  }

  /** The fleet now. Any thread. */
  public FleetFrame frame() {
    long now = System.currentTimeMillis();
    var list = new ArrayList<NodeFrame>(nodes.size());
    for (NodeState s : nodes.values()) list.add(s.frame(now, staleAfterMillis));
    return new FleetFrame(now, list, progress(), connection());
  }

  public ReplayProgress progress() {
    // -1: nothing delivered yet from that stream; whether it has history is unknown, so report none pending.
    return new ReplayProgress(events.delivered(), Math.max(0, events.pending()), facts.delivered(), Math.max(0, facts.pending()));
  }

  /** Whether both consumers exist and have delivered everything that was there. */
  public boolean caughtUp() {
    return events.reading() && facts.reading() && progress().caughtUp();
  }

  /**
   * Asks {@code node}'s relay to disconnect client {@code clientId} (a NATS request on
   * {@code relayscope.control.<node>.disconnect}); completes with what happened, never exceptionally.
   */
  public CompletableFuture<ControlOutcome> disconnect(String node, String clientId, String reason, Duration timeout) {
    // "by" names the operator in the node's journal (disconnected by nats:<user>).
    var body = json.createObjectNode().put("client", clientId).put("reason", reason == null ? "" : reason)
        .put("by", System.getProperty("user.name", ""));
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (IOException e) {
      return CompletableFuture.completedFuture(new ControlOutcome(ControlOutcome.Kind.ERROR, e.getMessage()));
    }
    return request(FleetSubjects.control(node, "disconnect"), node, bytes, timeout);
  }

  private CompletableFuture<ControlOutcome> request(String subject, String node, byte[] body, Duration timeout) {
    var outcome = new CompletableFuture<ControlOutcome>();
    var waiting = awaiting.computeIfAbsent(subject, s -> ConcurrentHashMap.newKeySet());
    waiting.add(outcome);
    outcome.whenComplete((o, e) -> waiting.remove(outcome));
    nats.requestWithTimeout(subject, body, timeout).whenComplete((reply, error) -> {
      if (error == null) {
        outcome.complete(ControlReplies.read(json, reply.getData()));
      } else if (ControlReplies.noResponders(error)) {
        outcome.complete(new ControlOutcome(ControlOutcome.Kind.NO_RESPONDER, node));
      } else {
        outcome.complete(new ControlOutcome(ControlOutcome.Kind.TIMEOUT, timeout.toMillis() + " ms"));
      }
    });
    return outcome;
  }

  private ErrorListener errorListener() {
    return new ErrorListener() {
      @Override
      public void errorOccurred(Connection conn, String error) {
        var m = PUBLISH_VIOLATION.matcher(error);
        if (m.find()) {
          var waiting = awaiting.get(m.group(1));
          if (waiting != null) {
            for (var f : List.copyOf(waiting)) f.complete(new ControlOutcome(ControlOutcome.Kind.REFUSED, error.trim()));
            return;
          }
        }
        log.warn("NATS: {}", error);
      }

      @Override
      public void exceptionOccurred(Connection conn, Exception e) {
        log.debug("NATS: {}", e.toString());
      }
    };
  }

  private ConnectionListener connectionListener() {
    return (conn, type) -> {
      switch (type) {
        case DISCONNECTED -> {
          linkUp = false;
          link = "disconnected from NATS, reconnecting";
        }
        case RECONNECTED -> {
          link = "connected to " + NatsLink.redacted(conn.getConnectedUrl());
          renewing = true; // a restarted server has no consumers: make them again from where they were
          linkUp = true;
          if (!closed) attacher.execute(this::tick);
        }
        case CLOSED -> {
          linkUp = false;
          link = "closed";
        }
        default -> { }
      }
    };
  }

  /** {@code text} with the user and password taken out of every URL in it: the window and the terminal show it. */
  private static String header(Headers h, String name, String otherwise) {
    if (h == null) return otherwise;
    String v = h.getFirst(name);
    return v == null ? otherwise : v;
  }

  private static long parseLong(String s, long otherwise) {
    if (s == null) return otherwise;
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  @Override
  public void close() {
    closed = true;
    attacher.shutdownNow();
    events.stop();
    facts.stop();
    try {
      if (nats != null) nats.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Events dropped because their {@code Relayscope-Node} header named another node than their subject. */
  public long forged() {
    return forged.get();
  }
}
