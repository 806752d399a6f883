package io.relayscope.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.event.EventParser;
import io.relayscope.event.InputSink;
import io.relayscope.event.RejectReason;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import io.relayscope.machines.MachineRegistry;
import io.relayscope.metrics.ClientStats;
import io.relayscope.metrics.IngestStatus;
import io.relayscope.metrics.RelaySnapshot;
import io.relayscope.metrics.RelayStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket relay: accepts clients, keeps one {@link ClientSession} per client, enforces write
 * deadlines and caps, runs keepalive, and answers for all of it with immutable snapshots.
 *
 * <p>Threads: Java-WebSocket's selector and workers do socket I/O and callbacks; {@code relay-hub}
 * fans out; {@code relay-monitor} checks deadlines and rates; {@code relay-keepalive} pings. None of
 * them waits on another client's socket.
 */
public final class Relay implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Relay.class);
  private static final long MONITOR_TICK_MS = 50;

  private final RelayConfig config;
  private final MachineRegistry machines;
  private final Journal journal;
  private final Supplier<IngestStatus> ingest;
  private final EventHub hub;
  private final HttpEndpoints http;
  private final RelayThreads threads;
  private final ObjectMapper mapper;
  private final FrameEncoder controlEncoder = new FrameEncoder();
  private final ConcurrentHashMap<WebSocket, ClientSession> sessions = new ConcurrentHashMap<>();
  private final ArrayDeque<ClientStats> recentlyClosed = new ArrayDeque<>();
  private final AtomicLong clientIds = new AtomicLong();
  private final AtomicLong evictions = new AtomicLong();
  private final AtomicLong keepaliveCloses = new AtomicLong();
  private final KernelQueues kernel = KernelQueues.system();
  private final AtomicLong kernelSamples = new AtomicLong();
  private final AtomicLong kernelSamplesForData = new AtomicLong();
  private static final long KERNEL_SAMPLE_MIN_GAP_NANOS = 150_000_000L;
  private long lastKernelSampleNanos; // monitor thread
  private static final long READING_SAMPLE_MS = 100;
  /** A monitor tick this late means the relay itself was held up (GC, a starved host): a pause, not the clients'. */
  static final long PAUSE_AFTER_NANOS = 250_000_000L;
  private long lastTickNanos; // monitor thread
  private volatile long pauseEndNanos;
  private volatile long lastEvictionMillis = -1;
  private final RelayTime time;
  private final RelayScheduler monitor;
  private final RelayScheduler keepalive;
  private final WriteSweep writeSweep;
  private final byte[] pongBytes = "{\"type\":\"pong\"}".getBytes(StandardCharsets.UTF_8);
  private final long startedAtMillis;
  private RelayServer server;
  private volatile double eventsPerSecond;
  private long rateLastCount;
  private long rateLastNanos;
  private long lastHandoffFull;
  private final RelayThreads.Heartbeat monitorBeat;
  private final RelayThreads.Heartbeat keepaliveBeat;
  private volatile Thread selector;
  private volatile boolean closing;
  private volatile Supplier<io.relayscope.metrics.NatsHealth> natsHealth = () -> io.relayscope.metrics.NatsHealth.DISABLED;
  private volatile Supplier<io.relayscope.metrics.JournalHealth> journalHealth = () -> io.relayscope.metrics.JournalHealth.DISABLED;
  /** What happens when a thread we cannot restart dies (the WebSocket server): by default the process exits. */
  private volatile java.util.function.Consumer<Throwable> onFatal = Relay::exitOnFatal;

  public Relay(RelayConfig config, MachineRegistry machines, Journal journal, ObjectMapper mapper, int maxInputBytes,
      int handoffCapacity, long handoffBytes, int maxNameBytes, Supplier<IngestStatus> ingest) {
    this(config, machines, journal, mapper, maxInputBytes, handoffCapacity, handoffBytes, maxNameBytes, ingest,
        RelayTime.system());
  }

  /** As above, on {@code time}: its clocks and schedulers decide every deadline (tests stand time still). */
  public Relay(RelayConfig config, MachineRegistry machines, Journal journal, ObjectMapper mapper, int maxInputBytes,
      int handoffCapacity, long handoffBytes, int maxNameBytes, Supplier<IngestStatus> ingest, RelayTime time) {
    this.time = time;
    this.startedAtMillis = time.millis();
    this.rateLastNanos = time.nanos();
    this.monitor = time.scheduler("relay-monitor");
    this.keepalive = time.scheduler("relay-keepalive");
    // A close still under way after the send timeout cannot deliver its Close frame in time either.
    this.writeSweep = new WriteSweep(conn -> server.onWriteDemand(conn), config.sendTimeout());
    this.config = config;
    this.machines = machines;
    this.journal = journal;
    this.mapper = mapper;
    this.ingest = ingest;
    this.threads = new RelayThreads(journal, time);
    // Beats: the monitor ticks every 50 ms, keepalive every second (below); 5 s of silence is a stuck thread.
    this.monitorBeat = threads.heartbeat("relay-monitor", 5000);
    this.keepaliveBeat = threads.heartbeat("relay-keepalive", 5000);
    threads.watch("relay-websocket", () -> selector != null && selector.isAlive());
    this.hub = new EventHub(handoffCapacity, handoffBytes,
        new EventParser(maxInputBytes, EventParser.DEFAULT_MAX_DEPTH, maxNameBytes), machines, journal, this::overCap,
        config, time);
    this.http = new HttpEndpoints(mapper, machines, this::snapshot);
    this.refusals = new RefusalLog(journal);
    hub.supervise(threads);
  }

  /** Where /health and /metrics read the journal's disk state from (disabled unless set). */
  public void reportJournal(Supplier<io.relayscope.metrics.JournalHealth> source) {
    this.journalHealth = source;
  }

  /** Where /health, /metrics and snapshots read the NATS link's state from (disabled unless set). */
  public void reportNats(Supplier<io.relayscope.metrics.NatsHealth> source) {
    this.natsHealth = source;
  }

  /** Who hears of each accepted event on the hub thread (--nats); it must never block. */
  public void tap(io.relayscope.event.EventTap tap) {
    hub.tap(tap);
  }

  /** Replaces the default reaction to a fatal failure of the WebSocket server (exit with status 70). */
  public void onFatal(java.util.function.Consumer<Throwable> handler) {
    this.onFatal = handler;
  }

  /** The WebSocket server's selector thread started (called on that thread). */
  void selectorStarted(Thread thread) {
    this.selector = thread;
  }

  /**
   * The WebSocket server stopped on a fatal error: no client can connect and /health cannot answer,
   * so surviving is impossible — journal it and end the process non-zero, never run on half-dead.
   */
  void serverFailed(Throwable error) {
    if (closing) return; // stopping it ourselves
    threads.failed("relay-websocket", error);
    onFatal.accept(error);
  }

  private static void exitOnFatal(Throwable error) {
    log.error("the WebSocket server failed ({}); exiting", error.toString());
    // From a fresh thread: shutdown hooks may wait for the thread that reported the failure.
    new Thread(() -> System.exit(70), "relay-fatal-exit").start();
  }

  /** Where ingest hands input off. */
  public InputSink inputSink() {
    return hub;
  }

  /** Starts the hub and binds the WebSocket port. */
  public void start() throws RelayStartException {
    var address = new InetSocketAddress(config.host(), config.port());
    probeBind(address);
    hub.start();
    server = new RelayServer(address, this, config.socketSendBuffer(), config.access());
    server.start();
    try {
      server.started.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      shutdownExecutors();
      hub.close();
      throw new RelayStartException("cannot listen on " + config.host() + ":" + config.port() + ": " + cause.getMessage(), cause);
    } catch (TimeoutException | InterruptedException e) {
      shutdownExecutors();
      hub.close();
      throw new RelayStartException("WebSocket server did not start on " + config.host() + ":" + config.port(), e);
    }
    // Guarded: scheduleAtFixedRate silently cancels a task the first time it throws.
    // One timer for all the monitor's work, each part every so many ticks: four timers of their own
    // woke the thread twice as often when idle (43 wake-ups a second instead of 20).
    Duration tick = Duration.ofMillis(MONITOR_TICK_MS);
    Runnable checks = monitorTask(() -> {
      monitorBeat.beat();
      notePause(tick.toNanos());
      checkDeadlines();
      writeSweep.sweep(server.getConnections(), time.nanos());
    });
    Runnable reading = monitorTask(this::watchReading);
    Runnable handshakes = monitorTask(this::dropSilentHandshakes);
    Runnable second = monitorTask(this::everySecond);
    long[] ticks = {0}; // the monitor thread's only
    monitor.every(tick, tick, () -> {
      long n = ++ticks[0];
      checks.run();
      if (n % (READING_SAMPLE_MS / MONITOR_TICK_MS) == 0) reading.run();
      if (n % (200 / MONITOR_TICK_MS) == 0) handshakes.run();
      if (n % (1000 / MONITOR_TICK_MS) == 0) second.run();
    });
    keepalive.every(Duration.ZERO, Duration.ofSeconds(1), keepaliveTask(keepaliveBeat::beat));
    journal.append(FactKind.RELAY_STARTED, "relay", Map.of("endpoint", endpoint()));
  }

  private Runnable monitorTask(Runnable task) {
    return threads.guard("relay-monitor", task);
  }

  private Runnable keepaliveTask(Runnable task) {
    return threads.guard("relay-keepalive", task);
  }

  /**
   * Java-WebSocket logs a stack trace when its own bind fails; catch the common case (port taken)
   * first, so the operator gets one line.
   */
  private void probeBind(InetSocketAddress address) throws RelayStartException {
    if (address.getPort() == 0) return;
    try (var probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(address);
    } catch (IOException e) {
      throw new RelayStartException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return server.getPort();
  }

  public String endpoint() {
    return "ws://" + config.host() + ":" + port() + RelayConfig.PATH;
  }

  public RelayConfig config() {
    return config;
  }

  HttpEndpoints http() {
    return http;
  }

  EventHub hub() {
    return hub;
  }

  /**
   * The bytes of event {@code seq} as the relay forwarded them, while its replay store still holds
   * them; empty once they are gone (or within {@code timeout} the hub did not answer). Waits on the
   * hub: never call it from a UI thread.
   */
  public java.util.Optional<byte[]> keptEvent(long seq, java.time.Duration timeout) {
    try {
      var frame = hub.keptFrame(seq).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (frame.isEmpty()) return java.util.Optional.empty();
      // Our own frame, read back with the WebSocket library that wrote it.
      // (The library reads a writable buffer; the shared frame is read-only.)
      ByteBuffer copy = ByteBuffer.allocate(frame.get().remaining()).put(frame.get()).flip();
      var frames = new org.java_websocket.drafts.Draft_6455().translateFrame(copy);
      ByteBuffer payload = frames.get(0).getPayloadData();
      byte[] bytes = new byte[payload.remaining()];
      payload.get(bytes);
      return java.util.Optional.of(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    } catch (ExecutionException | TimeoutException | org.java_websocket.exceptions.InvalidDataException e) {
      return java.util.Optional.empty();
    }
  }

  /** The relay's threads: which are alive, what failed in them. */
  public RelayThreads threads() {
    return threads;
  }

  // --- admission (Java-WebSocket threads) ----------------------------------------------------

  private final ConcurrentHashMap<WebSocket, Long> handshaking = new ConcurrentHashMap<>();
  private final java.util.Set<WebSocket> refusedConnections = ConcurrentHashMap.newKeySet();
  // A client's place is taken at admission and given back when its connection closes: counting
  // sessions instead let two handshakes on two workers both see room for one (max+1 clients).
  private final java.util.concurrent.atomic.AtomicInteger slotsTaken = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.Set<WebSocket> holdingSlot = ConcurrentHashMap.newKeySet();
  private final RefusalLog refusals;

  /** A TCP connection was accepted: its handshake must complete within the handshake timeout. */
  void accepted(WebSocketImpl conn) {
    handshaking.put(conn, time.nanos());
  }

  private void dropSilentHandshakes() {
    long limit = config.access().handshakeTimeout().toNanos();
    long now = time.nanos();
    for (var e : handshaking.entrySet()) {
      if (now - e.getValue() <= limit) continue;
      WebSocket conn = e.getKey();
      handshaking.remove(conn);
      if (!conn.isOpen()) {
        // No 408 is written (the library has no answer to send before a handshake): counted as a drop, not a status.
        refusals.droppedWithoutAnswer(remote(conn), "no handshake within " + config.access().handshakeTimeout().toMillis() + " ms");
        ((WebSocketImpl) conn).closeConnection(org.java_websocket.framing.CloseFrame.NEVER_CONNECTED, "handshake timeout");
      }
    }
  }

  /** The token, if the relay requires one, from {@code ?token=}, a Bearer header or a subprotocol. */
  private boolean authorized(ClientHandshake request) {
    String token = config.access().token();
    if (token == null) return true;
    var candidates = new ArrayList<String>();
    String resource = request.getResourceDescriptor();
    int q = resource.indexOf('?');
    if (q >= 0) {
      for (String pair : resource.substring(q + 1).split("&")) {
        if (pair.startsWith("token=")) candidates.add(java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
      }
    }
    String auth = request.getFieldValue("Authorization");
    if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) candidates.add(auth.substring(7).trim());
    for (String p : request.getFieldValue("Sec-WebSocket-Protocol").split(",")) candidates.add(p.trim());
    byte[] expected = token.getBytes(StandardCharsets.UTF_8);
    boolean ok = false;
    for (String c : candidates) ok |= java.security.MessageDigest.isEqual(expected, c.getBytes(StandardCharsets.UTF_8));
    return ok;
  }

  boolean admitHttp(ClientHandshake request) {
    return authorized(request);
  }

  /** Null to let a WebSocket client in; otherwise the HTTP refusal it gets (and it is journaled). */
  HttpEndpoints.Response admit(WebSocket conn, ClientHandshake request) {
    handshaking.remove(conn);
    HttpEndpoints.Response refusal = null;
    String origin = request.getFieldValue("Origin");
    if (!authorized(request)) {
      refusal = HttpEndpoints.unauthorized();
    } else if (!config.access().originAllowed(origin)) {
      refusal = HttpEndpoints.refused(403, "Forbidden", "origin " + origin + " is not allowed");
    } else if (!takeSlot(conn)) {
      refusal = HttpEndpoints.refused(503, "Service Unavailable", "the relay has its maximum of "
          + config.access().maxClients() + " clients");
    }
    if (refusal != null) {
      refusedConnections.add(conn);
      refusedHttp(conn, refusal);
    }
    return refusal;
  }

  private boolean takeSlot(WebSocket conn) {
    if (slotsTaken.incrementAndGet() > config.access().maxClients()) {
      slotsTaken.decrementAndGet();
      return false;
    }
    holdingSlot.add(conn);
    return true;
  }

  private void releaseSlot(WebSocket conn) {
    if (holdingSlot.remove(conn)) slotsTaken.decrementAndGet();
  }

  /** An HTTP answer of 4xx/5xx at the handshake: counted, and journaled in aggregate. */
  void refusedHttp(WebSocket conn, HttpEndpoints.Response refusal) {
    refusals.refused(remote(conn), refusal.status(), new String(refusal.body(), StandardCharsets.UTF_8));
  }

  /** True (once) for a connection whose handshake was refused. */
  boolean refused(WebSocket conn) {
    return refusedConnections.remove(conn);
  }

  private static String remote(WebSocket conn) {
    return String.valueOf(conn.getRemoteSocketAddress()).replaceFirst("^/", "");
  }

  // --- connection callbacks (Java-WebSocket threads) ----------------------------------------

  void onOpen(WebSocket conn, ClientHandshake handshake) {
    var impl = (RelayConnection) conn;
    String id = "c" + clientIds.incrementAndGet();
    String remote = String.valueOf(conn.getRemoteSocketAddress()).replaceFirst("^/", "");
    String agent = handshake.hasFieldValue("User-Agent") ? handshake.getFieldValue("User-Agent") : "";
    handshaking.remove(conn);
    var session = new ClientSession(id, impl, config, journal, () -> server.onWriteDemand(conn), remote, agent,
        handshake.getResourceDescriptor().replaceAll("token=[^&]*", "token=…"), ResumeRequest.parse(handshake.getResourceDescriptor()), time);
    ((CountingChannel) impl.getChannel()).observe(session);
    session.reading().connection(impl.getLocalSocketAddress(), impl.getRemoteSocketAddress());
    journal.append(FactKind.CLIENT_CONNECTED, id, Map.of("remote", remote, "user_agent", agent));
    Duration interval = config.keepaliveInterval();
    Duration jsonInterval = config.jsonPingInterval();
    session.keepaliveTasks(
        keepalive.every(interval, interval, keepaliveTask(() -> ping(session))),
        jsonInterval.isZero() ? null : keepalive.every(jsonInterval, jsonInterval, keepaliveTask(() -> jsonPing(session))));
    // Join before it shows in snapshots: once a client is listed, its place in the stream is taken.
    hub.join(session);
    sessions.put(conn, session);
    // The selector may have seen the peer leave while a worker was still running this callback
    // (Java-WebSocket calls onClose and onOpen on different threads). Its channel is closed
    // before onClose runs, so a closed channel here means onClose found no session to finish.
    if (!impl.getChannel().isOpen() && sessions.remove(conn, session)) {
      finish(session, org.java_websocket.framing.CloseFrame.ABNORMAL_CLOSE, "gone before it was registered", true);
    }
  }

  /** The client sent its Close: that is how it closed, whatever the connection's end looks like. */
  void onClientClosing(WebSocket conn, int code, String reason) {
    ClientSession session = sessions.get(conn);
    if (session != null) session.closedByClient(code, reason);
  }

  void onClose(WebSocket conn, int code, String reason, boolean remote) {
    handshaking.remove(conn);
    refusedConnections.remove(conn);
    releaseSlot(conn);
    ClientSession session = sessions.remove(conn);
    ((WebSocketImpl) conn).outQueue.clear();
    if (session != null) finish(session, code, reason, remote);
  }

  /** The connection is gone: final figures to Recently closed and the journal (once). */
  private void finish(ClientSession session, int code, String reason, boolean remote) {
    if (!session.markClosed(code, reason)) return;
    hub.leave(session); // now, not at the next event: a quiet relay must not keep closed sessions
    journalSends(session); // its last partial interval, before it is gone
    ClientStats last = session.stats(hub.lastSeq());
    synchronized (recentlyClosed) {
      recentlyClosed.addFirst(last);
      while (recentlyClosed.size() > config.recentlyClosedCapacity()) recentlyClosed.removeLast();
    }
    // Who closed it is the session's record (the library calls a reset by the peer "local"): the relay,
    // the client with its Close, or the connection that ended with no Close at all.
    String by = session.closedBy();
    journal.append(FactKind.CLIENT_CLOSED, session.id(),
        Map.of("code", last.closeCode(), "reason", last.closeReason(), "by_client", by.equals("client"), "closed_by", by,
            "frames_sent", last.framesSent(), "dropped", last.dropped(), "last_seq", last.lastSeqSent(),
            "from_seq", session.joinedAtSeq()));
  }

  /** Upstream reads text only (a binary frame ends its handler, and the connection): close with 1003. */
  void onBinary(WebSocket conn) {
    ClientSession session = sessions.get(conn);
    if (session != null && withinRate(session)) {
      close(session, org.java_websocket.framing.CloseFrame.REFUSE, "binary frames are not supported: text only");
    }
  }

  /** Counts one inbound message against the client's rate; a flood closes it with 1008. */
  private boolean withinRate(ClientSession session) {
    if (session.inbound().take()) return true;
    int rate = config.access().inboundMessagesPerSecond();
    close(session, org.java_websocket.framing.CloseFrame.POLICY_VALIDATION, "inbound messages over " + rate + "/s");
    return false;
  }

  void onText(WebSocket conn, String message) {
    ClientSession session = sessions.get(conn);
    if (session == null || !withinRate(session)) return;
    switch (message) {
      case "ping" -> session.enqueue(new OutboundFrame(controlFrame(pongBytes), -1, time.nanos()), this::overCap);
      case "refresh" -> hub.refresh(session);
      default -> { } // upstream ignores other text, including the browser's "pong"
    }
  }

  /**
   * An RFC ping from the client: it counts against the inbound rate like any message, and its pong
   * goes through the client's own queue, under its caps, not straight into the library's unbounded one.
   */
  void onPing(WebSocket conn, org.java_websocket.framing.Framedata ping) {
    ClientSession session = sessions.get(conn);
    if (session == null || !withinRate(session)) return;
    var pong = new org.java_websocket.framing.PongFrame((org.java_websocket.framing.PingFrame) ping);
    session.enqueue(new OutboundFrame(conn.getDraft().createBinaryFrame(pong), -1, time.nanos()), this::overCap);
  }

  /**
   * A pong counts against the inbound rate; only one answering a ping of ours (its payload is our
   * send time: a keepalive ping or a probe) keeps the client alive. Probe pongs are not journaled.
   */
  void onPong(WebSocket conn, ByteBuffer payload) {
    ClientSession session = sessions.get(conn);
    if (session == null || !withinRate(session) || payload.remaining() != Long.BYTES) return;
    long sentNanos = payload.getLong(payload.position());
    boolean probe = session.isProbePong(sentNanos);
    long rtt = session.pongReceived(sentNanos, time.nanos());
    if (rtt < 0 || probe) return; // unsolicited, or a probe's
    journal.append(FactKind.PONG_RECEIVED, session.id(), Map.of("rtt_ms", rtt / 1e6));
  }

  private ByteBuffer controlFrame(byte[] json) {
    synchronized (controlEncoder) {
      return controlEncoder.text(json);
    }
  }

  // --- keepalive (relay-keepalive thread) ---------------------------------------------------

  private void ping(ClientSession session) {
    long now = time.nanos();
    long silence = session.silenceNanos(now);
    if (silence > config.keepaliveTimeout().toNanos()) {
      String reason = String.format("no pong for %.1f s (keepalive timeout %d s)", silence / 1e9,
          config.keepaliveTimeout().toSeconds());
      journal.append(FactKind.PONG_MISSED, session.id(), Map.of("silence_ms", silence / 1e6, "closing", true));
      if (close(session, CloseCodes.KEEPALIVE_TIMEOUT, reason)) keepaliveCloses.incrementAndGet();
      return;
    }
    if (session.pingSending(now)) {
      journal.append(FactKind.PONG_MISSED, session.id(), Map.of("silence_ms", silence / 1e6, "closing", false));
    }
    // Our own frame rather than the library's sendPing: its payload is the time the session expects back.
    // Through the connection's guard: never after our Close. Not open any more: onClose does the bookkeeping.
    if (session.connection().offerControl(pingFrame(session.pingPayload()))) {
      journal.append(FactKind.PING_SENT, session.id(), Map.of());
    }
  }

  private void jsonPing(ClientSession session) {
    String json = "{\"type\":\"ping\",\"timestamp\":" + io.relayscope.event.EpochSeconds.now().toPlainString() + "}";
    session.enqueue(new OutboundFrame(controlFrame(json.getBytes(StandardCharsets.UTF_8)), -1, time.nanos()),
        this::overCap);
  }

  private static org.java_websocket.framing.PingFrame pingFrame(long payload) {
    var frame = new org.java_websocket.framing.PingFrame();
    frame.setPayload(ByteBuffer.allocate(Long.BYTES).putLong(0, payload));
    return frame;
  }

  // --- slow clients ---------------------------------------------------------------------------

  /** Hub (or any producer) found a client over its cap: stop feeding it now, close it off-thread. */
  private void overCap(ClientSession session, long bytes, int frames) {
    String reason = String.format("send queue over cap (%d bytes, %d frames; cap %d bytes, %d frames)", bytes, frames,
        config.clientQueueBytes(), config.clientQueueFrames());
    if (session.beginClose(CloseCodes.SLOW_CLIENT_EVICTED, reason)) {
      monitor.execute(monitorTask(() -> finishEviction(session, reason)));
    }
  }

  /**
   * The monitor ticks every {@code tickNanos}; a tick that comes {@link #PAUSE_AFTER_NANOS} late means
   * every relay thread may have been held up as long (a GC pause, a starved host): journaled once as
   * the relay's, and every client's evidence is aged from its end.
   */
  private void notePause(long tickNanos) {
    long now = time.nanos();
    long last = lastTickNanos;
    lastTickNanos = now;
    if (last == 0 || now - last < tickNanos + PAUSE_AFTER_NANOS) return;
    long pausedNanos = now - last - tickNanos;
    pauseEndNanos = now;
    long end = time.millis();
    journal.append(FactKind.RELAY_PAUSED, "relay", Map.of("paused_ms", pausedNanos / 1e6, "since_ms",
        end - pausedNanos / 1_000_000, "clients", sessions.size()));
    log.warn("the relay was held up for {} ms (monitor tick late): no client is blamed for it", pausedNanos / 1_000_000);
  }

  private void checkDeadlines() {
    long now = time.nanos();
    long pauseEnd = pauseEndNanos;
    for (ClientSession s : sessions.values()) {
      if (s.assess(now, pauseEnd) == ClientSession.Verdict.EVICT) {
        String reason = String.format("send deadline passed: frame unwritten for %.2f s (send timeout %.2f s)",
            Math.min(s.oldestAgeNanos(now), now - pauseEnd) / 1e9, config.sendTimeout().toMillis() / 1000.0);
        if (s.beginClose(CloseCodes.SLOW_CLIENT_EVICTED, reason)) finishEviction(s, reason);
      }
    }
  }

  /**
   * Every 100 ms: a probe ping to each client with none outstanding for a second, and, while any
   * client has bytes long unconfirmed or a late pong, the kernel's queues for all clients in one read
   * (see {@link ReadingWatch}).
   */
  private void watchReading() {
    long now = time.nanos();
    boolean forData = false;
    boolean forPong = false;
    for (ClientSession s : sessions.values()) {
      forData |= s.reading().dataUnconfirmed(now, s.dataBytesSent());
      forPong |= s.reading().pongLate(now);
      if (s.isAccepting() && s.reading().probeDue(now, s.bytesSent())) {
        s.connection().offerControl(pingFrame(now)); // false once closing: onClose does the bookkeeping
      }
    }
    // A read of /proc costs 2-4 ms of kernel time here (10-25 ms on a loaded 2-core machine): only
    // while some client's bytes are unconfirmed, at most one every 150 ms.
    if ((forData || forPong) && kernel.available() && now - lastKernelSampleNanos >= KERNEL_SAMPLE_MIN_GAP_NANOS) {
      lastKernelSampleNanos = now;
      var sent = new java.util.HashMap<ClientSession, Long>();
      for (ClientSession s : sessions.values()) sent.put(s, s.bytesSent());
      KernelQueues.Sample sample = kernel.sample();
      kernelSamples.incrementAndGet();
      if (forData) kernelSamplesForData.incrementAndGet();
      for (var e : sent.entrySet()) e.getKey().reading().kernelSample(e.getValue(), e.getKey().bytesSent(), sample, now);
    }
  }

  /** Kernel samples taken so far (each one read of /proc/net/tcp and tcp6). */
  long kernelSamples() {
    return kernelSamples.get();
  }

  /** Of those, the ones taken because data was unconfirmed (the rest: a late pong). */
  long kernelSamplesForData() {
    return kernelSamplesForData.get();
  }

  private void finishEviction(ClientSession session, String reason) {
    ClientStats before = session.stats(hub.lastSeq());
    int dropped = session.dropBacklog();
    // The time first: whoever sees the new count then also sees its time.
    lastEvictionMillis = time.millis();
    evictions.incrementAndGet();
    journal.append(FactKind.CLIENT_EVICTED, session.id(),
        Map.of("reason", reason, "dropped_frames", dropped, "queue_bytes", before.queueBytes(),
            "oldest_ms", before.oldestQueuedAgeMs()));
    log.warn("evicted client {} ({}): {}", session.id(), before.remoteAddress(), reason);
    closeConnection(session, CloseCodes.SLOW_CLIENT_EVICTED, reason);
  }

  /** The connection of client {@code clientId} while it is connected (the write-path tests reach the library's queue through it). */
  RelayConnection connectionOf(String clientId) {
    for (ClientSession s : sessions.values()) if (s.id().equals(clientId)) return s.connection();
    return null;
  }

  /** Disconnects one client by id. Returns false if no such client is connected. */
  public boolean disconnect(String clientId, String reason) {
    return disconnect(clientId, reason, "console");
  }

  /** As {@link #disconnect(String, String)}; {@code by} (journaled) says who asked, e.g. {@code nats}. */
  public boolean disconnect(String clientId, String reason, String by) {
    for (ClientSession s : sessions.values()) {
      if (s.id().equals(clientId)) {
        // The operator's words go to the client and the journal as printable text only.
        String clean = CloseReasons.printable(reason);
        String why = clean.isEmpty() ? "disconnected by operator" : clean;
        journal.append(FactKind.DISCONNECT_REQUESTED, clientId, Map.of("reason", why, "by", by));
        return close(s, CloseCodes.DISCONNECTED_BY_OPERATOR, why);
      }
    }
    return false;
  }

  private boolean close(ClientSession session, int code, String reason) {
    if (!session.beginClose(code, reason)) return false;
    session.dropBacklog();
    closeConnection(session, code, reason);
    return true;
  }

  /**
   * Sends a close frame (it waits behind at most the frame in flight), and ends the TCP connection
   * shortly after if the client cannot take even that.
   */
  private void closeConnection(ClientSession session, int code, String reason) {
    WebSocketImpl conn = session.connection();
    String wireReason = truncateReason(reason);
    try {
      conn.close(code, wireReason);
    } catch (RuntimeException e) {
      log.debug("close frame for {} failed: {}", session.id(), e.toString());
    }
    long graceMs = Math.max(100, Math.min(500, config.sendTimeout().toMillis() / 4));
    monitor.after(Duration.ofMillis(graceMs), monitorTask(() -> {
      if (!conn.isClosed()) conn.closeConnection(code, wireReason);
      // Closed by other means without telling us (or before we knew it): finish it here, so no
      // session outlives its connection.
      if (sessions.remove(conn, session)) finish(session, code, wireReason, false);
    }));
  }

  /**
   * A close frame's reason may hold at most 123 bytes of UTF-8. One pass over at most 124 bytes'
   * worth of characters, whatever the reason's length (re-encoding it per character cut was
   * quadratic: a minute for 500 KB); a character is never split.
   */
  static String truncateReason(String reason) {
    int bytes = 0;
    int cut = -1; // where the text ends if "..." must follow: the last character within 120 bytes
    for (int i = 0; i < reason.length(); ) {
      int c = reason.codePointAt(i);
      int n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; // a lone surrogate encodes as '?', within 3
      if (bytes + n > 120 && cut < 0) cut = i;
      bytes += n;
      if (bytes > 123) return reason.substring(0, cut) + "...";
      i += Character.charCount(c);
    }
    return reason;
  }

  private void everySecond() {
    long now = time.nanos();
    long count = hub.eventsIn();
    eventsPerSecond = (count - rateLastCount) * 1e9 / Math.max(1, now - rateLastNanos);
    rateLastCount = count;
    rateLastNanos = now;
    refusals.flush();
    journalSends();
    long handoffFull = ingest.get().handoffFull();
    if (handoffFull > lastHandoffFull) {
      journal.append(FactKind.INPUT_REJECTED, "ingest",
          Map.of("reason", RejectReason.HANDOFF_FULL.label(), "count", handoffFull - lastHandoffFull));
      lastHandoffFull = handoffFull;
    }
  }

  /** Per-client send aggregates since the last call; {@code last_seq} says how far each client got. */
  private void journalSends() {
    for (ClientSession s : sessions.values()) journalSends(s);
  }

  private void journalSends(ClientSession s) {
    long[] sends = s.takeSendInterval();
    if (sends != null) {
      journal.append(FactKind.SENDS, s.id(), Map.of("frames", sends[0], "bytes", sends[1],
          "max_latency_ms", sends[2] / 1e6, "slow_frames", sends[3], "last_seq", s.lastSeqSent()));
    }
  }

  // --- snapshots -------------------------------------------------------------------------------

  /** Everything measured, as immutable values. Safe from any thread. */
  public RelaySnapshot snapshot() {
    long lastSeq = hub.lastSeq();
    var clients = new ArrayList<ClientStats>();
    for (ClientSession s : sessions.values()) clients.add(s.stats(lastSeq));
    clients.sort(Comparator.comparingLong(ClientStats::connectedAtMillis).thenComparing(c -> Long.parseLong(c.id().substring(1))));
    List<ClientStats> closed;
    synchronized (recentlyClosed) {
      closed = new ArrayList<>(recentlyClosed);
    }
    IngestStatus in = ingest.get();
    var rejected = new LinkedHashMap<String, Long>();
    for (RejectReason r : RejectReason.values()) {
      long n = r == RejectReason.HANDOFF_FULL ? in.handoffFull() : hub.rejected(r);
      rejected.put(r.label(), n);
    }
    long rejectedTotal = rejected.values().stream().mapToLong(Long::longValue).sum();
    long now = time.millis();
    var stats = new RelayStats(
        startedAtMillis,
        now - startedAtMillis,
        in.eventSocketPath(),
        in.bound(),
        server == null ? "" : endpoint(),
        hub.eventsIn(),
        eventsPerSecond,
        lastSeq,
        hub.lastEventMillis(),
        rejectedTotal,
        rejected,
        in.handoffFull(),
        clients.size(),
        clientIds.get(),
        evictions.get(),
        lastEvictionMillis,
        keepaliveCloses.get(),
        writeSweep.rearmed(),
        writeSweep.closesEnded(),
        refusals.droppedWithoutAnswer(),
        hub.fanOutTime().summary(),
        journal.appended(),
        refusals.totals(),
        machines.size(),
        machines.evicted(),
        hub.replayBytes(),
        hub.pendingBytes(),
        new io.relayscope.metrics.RelayHealth(threads.alive(), in.problem(), journalHealth.get(), threads.failures(),
            threads.lastFailure(), io.relayscope.logging.DroppingAsyncAppender.dropped(), natsHealth.get()));
    return new RelaySnapshot(now, stats, clients, closed);
  }

  public MachineRegistry machines() {
    return machines;
  }

  public Journal journal() {
    return journal;
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  /** Closes every client with 1001 and stops all relay threads. */
  @Override
  public void close() {
    closing = true;
    // The last partial interval (if the monitor is gone already, there is nothing more to add).
    monitor.runAndWait(this::journalSends, Duration.ofSeconds(1));
    if (server != null) {
      try {
        server.stop(1000, "relay shutting down");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.nio.channels.ClosedSelectorException e) {
        // The library's selector ends 25 ms after stop() begins if it sees no traffic, while stop() may still
        // be closing hundreds of clients (ClientMemoryTest: 500): those left are ended below.
        log.debug("the WebSocket selector closed while clients were still being closed");
      }
      // Whatever the selector did not end (it is gone now): end its TCP connection, and journal its close.
      for (WebSocket c : server.getConnections()) {
        ((WebSocketImpl) c).closeConnection(CloseFrame.GOING_AWAY, "relay shutting down");
      }
    }
    hub.close();
    shutdownExecutors();
    journal.append(FactKind.RELAY_STOPPED, "relay", Map.of());
  }

  private void shutdownExecutors() {
    monitor.shutdownNow();
    keepalive.shutdownNow();
  }

}
