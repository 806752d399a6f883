package io.relayscope.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.event.EventParser;
import io.relayscope.event.EventTap;
import io.relayscope.event.InputSink;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import io.relayscope.machines.MachineRegistry;
import io.relayscope.metrics.IngestStatus;
import io.relayscope.metrics.JournalHealth;
import io.relayscope.metrics.NatsHealth;
import io.relayscope.metrics.RelaySnapshot;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket relay: accepts clients, keeps one {@link ClientSession} per client, and answers for
 * all of it with immutable snapshots. It puts its parts together, starts and stops them, and hands
 * each of the WebSocket server's callbacks to the part whose job it is: {@link Admission} and
 * {@link HandshakeTimeouts} before a client exists, {@link InboundMessages} for what it sends,
 * {@link Keepalive}, {@link SlowClientMonitor} and {@link KernelSampler} while it is connected,
 * {@link ClientCloser} at its end, {@link RelaySnapshots} for the figures.
 *
 * <p>Threads: Java-WebSocket's selector and workers do socket I/O and callbacks; {@code relay-hub}
 * fans out; {@code relay-monitor} checks deadlines and rates; {@code relay-keepalive} pings. None of
 * them waits on another client's socket.
 */
public final class Relay implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Relay.class);

  private final RelayConfig config;
  private final MachineRegistry machines;
  private final Journal journal;
  private final ObjectMapper mapper;
  private final RelayTime time;
  private final RelayThreads threads;
  private final EventHub hub;
  private final HttpEndpoints http;
  private final ClientSessions sessions = new ClientSessions();
  private final RelayMonitor monitor;
  private final WriteSweep writeSweep;
  private final RefusalLog refusals;
  private final Admission admission;
  private final HandshakeTimeouts handshakes;
  private final SendIntervals sends;
  private final ClientCloser closer;
  private final PauseDetector pauses;
  private final SlowClientMonitor slowClients;
  private final ControlFrames controls;
  private final Keepalive keepalive;
  private final KernelSampler kernelSampler;
  private final InboundMessages inbound;
  private final ClientLifecycle lifecycle;
  private final EventRate rate;
  private final HandoffRejections handoffRejections;
  private final RelaySnapshots snapshots;
  private final FatalExit fatalExit;
  private RelayServer server;
  private volatile LingeringCloses lingering; // from start()
  private volatile Thread selector;

  public Relay(RelayConfig config, MachineRegistry machines, Journal journal, ObjectMapper mapper, int maxInputBytes,
      int handoffCapacity, long handoffBytes, int maxNameBytes, Supplier<IngestStatus> ingest) {
    this(config, machines, journal, mapper, maxInputBytes, handoffCapacity, handoffBytes, maxNameBytes, ingest,
        RelayTime.system());
  }

  /** As above, on {@code time}: its clocks and schedulers decide every deadline (tests stand time still). */
  public Relay(RelayConfig config, MachineRegistry machines, Journal journal, ObjectMapper mapper, int maxInputBytes,
      int handoffCapacity, long handoffBytes, int maxNameBytes, Supplier<IngestStatus> ingest, RelayTime time) {
    this.config = config;
    this.machines = machines;
    this.journal = journal;
    this.mapper = mapper;
    this.time = time;
    RelayScheduler monitorScheduler = time.scheduler("relay-monitor");
    RelayScheduler keepaliveScheduler = time.scheduler("relay-keepalive");
    // A close still under way after the send timeout cannot deliver its Close frame in time either.
    this.writeSweep = new WriteSweep(conn -> server.onWriteDemand(conn), config.sendTimeout());
    this.threads = new RelayThreads(journal, time);
    this.monitor = new RelayMonitor(monitorScheduler, threads, time);
    this.controls = new ControlFrames(time);
    this.refusals = new RefusalLog(journal);
    this.admission = new Admission(config.access(), refusals);
    this.handshakes = new HandshakeTimeouts(config.access(), refusals, time);
    this.sends = new SendIntervals(sessions, journal);
    this.pauses = new PauseDetector(time, journal, sessions::size);
    this.hub = new EventHub(handoffCapacity, handoffBytes,
        new EventParser(maxInputBytes, EventParser.DEFAULT_MAX_DEPTH, maxNameBytes), machines, journal, this::overCap,
        config, time);
    this.closer = new ClientCloser(sessions, hub, sends, monitor, config, journal);
    this.slowClients = new SlowClientMonitor(sessions, hub, closer, pauses, monitor, config, journal, time);
    this.keepalive = new Keepalive(keepaliveScheduler, threads, config, journal, time, pauses, closer, controls, slowClients);
    threads.watch("relay-websocket", () -> selector != null && selector.isAlive());
    this.kernelSampler = new KernelSampler(sessions, KernelQueues.system(), time);
    this.inbound = new InboundMessages(sessions, hub, closer, controls, slowClients, config, journal, time);
    this.lifecycle = new ClientLifecycle(sessions, hub, keepalive, closer, config, journal, time,
        conn -> server.onWriteDemand(conn));
    this.rate = new EventRate(hub::eventsIn, time);
    this.handoffRejections = new HandoffRejections(ingest, journal);
    this.fatalExit = new FatalExit(threads);
    this.http = new HttpEndpoints(mapper, machines, this::snapshot);
    this.snapshots = new RelaySnapshots(hub, sessions, closer, slowClients, keepalive, writeSweep, refusals, rate,
        threads, machines, journal, ingest, time, () -> server == null ? "" : endpoint());
    hub.supervise(threads);
    hub.onRound(monitor::wake);
  }

  /** What the hub tells of a client over its cap: for tests that hold frames as a hub that fell behind does. */
  ClientSession.OverCapHandler overCapHandler() {
    return this::overCap;
  }

  /** The hub found a client over its cap (the hub is built before the part that evicts). */
  private void overCap(ClientSession session, long bytes, int frames) {
    slowClients.overCap(session, bytes, frames);
  }

  /** Where /health and /metrics read the journal's disk state from (disabled unless set). */
  public void reportJournal(Supplier<JournalHealth> source) {
    snapshots.reportJournal(source);
  }

  /** Where /health, /metrics and snapshots read the NATS link's state from (disabled unless set). */
  public void reportNats(Supplier<NatsHealth> source) {
    snapshots.reportNats(source);
  }

  /** Who hears of each accepted event on the hub thread (--nats); it must never block. */
  public void tap(EventTap tap) {
    hub.tap(tap);
  }

  /** Where ingest hands input off. */
  public InputSink inputSink() {
    return hub;
  }

  /** Starts the hub and binds the WebSocket port. */
  public void start() throws RelayStartException {
    var address = new InetSocketAddress(config.host(), config.port());
    probeBind(address);
    try {
      lingering = new LingeringCloses(threads);
    } catch (IOException e) {
      throw new RelayStartException("cannot open a selector for closing connections: " + e.getMessage(), e);
    }
    hub.start();
    server = new RelayServer(address, this, config.socketSendBuffer(), config.access(), lingering);
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
    monitor.start(tickNanos -> {
      pauses.tick(tickNanos);
      slowClients.checkDeadlines();
      writeSweep.sweep(server.getConnections(), time.nanos());
    }, kernelSampler::sample, handshakes::dropSilent, this::everySecond,
        new WatchedActivity(() -> hub.eventsIn() + hub.rejectedTotal(), sessions, handshakes, time));
    keepalive.start();
    journal.append(FactKind.RELAY_STARTED, "relay", Map.of("endpoint", endpoint()));
  }

  private void everySecond() {
    rate.sample();
    refusals.flush();
    sends.journalAll();
    handoffRejections.journalNew();
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
  public Optional<byte[]> keptEvent(long seq, Duration timeout) {
    try {
      var frame = hub.keptFrame(seq).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (frame.isEmpty()) return Optional.empty();
      // Our own frame, read back with the WebSocket library that wrote it.
      // (The library reads a writable buffer; the shared frame is read-only.)
      ByteBuffer copy = ByteBuffer.allocate(frame.get().remaining()).put(frame.get()).flip();
      var frames = new Draft_6455().translateFrame(copy);
      ByteBuffer payload = frames.get(0).getPayloadData();
      byte[] bytes = new byte[payload.remaining()];
      payload.get(bytes);
      return Optional.of(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException | InvalidDataException e) {
      return Optional.empty();
    }
  }

  /** The relay's threads: which are alive, what failed in them. */
  public RelayThreads threads() {
    return threads;
  }

  /** Disconnects one client by id. Returns false if no such client is connected. */
  public boolean disconnect(String clientId, String reason) {
    return disconnect(clientId, reason, "console");
  }

  /** As {@link #disconnect(String, String)}; {@code by} (journaled) says who asked, e.g. {@code nats}. */
  public boolean disconnect(String clientId, String reason, String by) {
    return closer.disconnect(clientId, reason, by);
  }

  /** Everything measured, as immutable values. Safe from any thread. */
  public RelaySnapshot snapshot() {
    return snapshots.snapshot();
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

  // --- the WebSocket server's callbacks (Java-WebSocket's threads) ---------------------------

  /** The WebSocket server's selector thread started (called on that thread). */
  void selectorStarted(Thread thread) {
    this.selector = thread;
  }

  void serverFailed(Throwable error) {
    fatalExit.serverFailed(error);
  }

  /** A TCP connection was accepted: its handshake must complete within the handshake timeout. */
  void accepted(WebSocketImpl conn) {
    handshakes.accepted(conn);
  }

  boolean admitHttp(ClientHandshake request) {
    return admission.authorized(request);
  }

  /** Null to let a WebSocket client in; otherwise the HTTP refusal it gets (and it is journaled). */
  HttpEndpoints.Response admit(WebSocket conn, ClientHandshake request) {
    handshakes.done(conn);
    return admission.admit(conn, request);
  }

  /** An HTTP answer of 4xx/5xx at the handshake: counted, and journaled in aggregate. */
  void refusedHttp(WebSocket conn, HttpEndpoints.Response refusal) {
    admission.refusedHttp(conn, refusal);
  }

  /** True (once) for a connection whose handshake was refused. */
  boolean refused(WebSocket conn) {
    return admission.refused(conn);
  }

  void onOpen(WebSocket conn, ClientHandshake handshake) {
    handshakes.done(conn);
    lifecycle.opened(conn, handshake);
  }

  void onClientClosing(WebSocket conn, int code, String reason) {
    lifecycle.clientClosing(conn, code, reason);
  }

  void onClose(WebSocket conn, int code, String reason, boolean remote) {
    handshakes.done(conn);
    admission.closed(conn);
    lifecycle.closed(conn, code, reason, remote);
  }

  void onBinary(WebSocket conn) {
    inbound.binary(conn);
  }

  void onText(WebSocket conn, String message) {
    inbound.text(conn, message);
  }

  void onPing(WebSocket conn, Framedata ping) {
    inbound.ping(conn, ping);
  }

  void onPong(WebSocket conn, ByteBuffer payload) {
    inbound.pong(conn, payload);
  }

  // --- what the tests read ---------------------------------------------------------------------
  // Package-private seams, kept because no public figure shows these: how often the relay reads
  // /proc (NotReadingDetectionTest: only while data is unconfirmed), and a client's own connection
  // (the write-path tests reach the library's queue through it).

  /** Kernel samples taken so far (each one read of /proc/net/tcp and tcp6). */
  long kernelSamples() {
    return kernelSampler.samples();
  }

  /** Of those, the ones taken because data was unconfirmed (the rest: a late pong). */
  long kernelSamplesForData() {
    return kernelSampler.samplesForData();
  }

  /** The session of client {@code clientId} while it is connected (the send-deadline tests queue a frame the hub has not handed on). */
  ClientSession sessionOf(String clientId) {
    return sessions.byId(clientId);
  }

  /** Every input the relay has taken so far, event or rejected: a cheap sign that anything arrived. */
  public long inputsSeen() {
    return hub.eventsIn() + hub.rejectedTotal();
  }

  /** How the relay's connection ends went (the close-path tests read its counts). */
  LingeringCloses lingeringCloses() {
    return lingering;
  }

  /** The connection of client {@code clientId} while it is connected (the write-path tests reach the library's queue through it). */
  RelayConnection connectionOf(String clientId) {
    ClientSession s = sessionOf(clientId);
    return s == null ? null : s.connection();
  }

  /** Closes every client with 1001 and stops all relay threads. */
  @Override
  public void close() {
    fatalExit.stopping();
    // The last partial interval (if the monitor is gone already, there is nothing more to add).
    monitor.runAndWait(sends::journalAll, Duration.ofSeconds(1));
    if (server != null) {
      try {
        server.stop(1000, "relay shutting down");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ClosedSelectorException e) {
        // The library's selector ends 25 ms after stop() begins if it sees no traffic, while stop() may still
        // be closing hundreds of clients (ClientMemoryTest: 500): those left are ended below.
        log.debug("the WebSocket selector closed while clients were still being closed");
      }
      // Whatever the selector did not end (it is gone now): end its TCP connection, and journal its close.
      for (WebSocket c : server.getConnections()) {
        ((WebSocketImpl) c).closeConnection(CloseFrame.GOING_AWAY, "relay shutting down");
      }
    }
    // The last Closes (1001) get a moment to reach clients that read; then every connection ends.
    if (lingering != null) lingering.closeWithin(Duration.ofMillis(250));
    hub.close();
    shutdownExecutors();
    journal.append(FactKind.RELAY_STOPPED, "relay", Map.of());
  }

  private void shutdownExecutors() {
    if (lingering != null) lingering.close();
    monitor.shutdownNow();
    keepalive.shutdownNow();
  }
}
