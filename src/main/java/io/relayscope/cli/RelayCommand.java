package io.relayscope.cli;

import io.relayscope.core.CoreConfig;
import io.relayscope.core.RelayCore;
import io.relayscope.ingest.IngestException;
import io.relayscope.ingest.SocketFile;
import io.relayscope.machines.MachineDefinitions;
import io.relayscope.ui.ConsoleLauncher;
import io.relayscope.relay.RelayConfig;
import io.relayscope.relay.RelayStartException;
import io.relayscope.relay.SlowClientPolicy;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The relay, with upstream's flag names kept ({@code --host}, {@code --port}, {@code --event-socket-path}). */
@Command(
    name = "relayscope",
    mixinStandardHelpOptions = true,
    subcommands = {EmitCommand.class, SendEventCommand.class, SlowClientCommand.class, ExportCommand.class, BenchCommand.class},
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Relays statemachine-engine events from a Unix datagram socket to WebSocket clients,",
      "with a bounded queue and a write deadline per client, so one slow client never slows the others."
    })
public final class RelayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--headless", description = "Run without a display (the relay only).")
  boolean headless;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "WebSocket/HTTP bind address (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "3002", description = "WebSocket/HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--event-socket-path", defaultValue = "/tmp/statemachine-events.sock",
      description = "Unix datagram socket engines send events to (default: ${DEFAULT-VALUE}).")
  Path eventSocketPath;

  @Option(names = "--socket-mode", defaultValue = "0600", description = "Event socket file mode, octal (default: ${DEFAULT-VALUE}; 0660 for a group).")
  String socketMode;

  @Option(names = "--engine-socket", paramLabel = "PATH",
      description = "Also read newline-delimited JSON from an engine's Unix stream socket, reconnecting with backoff.")
  Path engineSocket;

  @Option(names = "--allowed-uid", paramLabel = "UID",
      description = "With --engine-socket: accept an engine running as this uid (repeatable). Default: the relay's own uid.")
  java.util.List<Integer> allowedUids = new java.util.ArrayList<>();

  @Option(names = "--pipeline-db", paramLabel = "PATH",
      description = "Seed the initial snapshot from upstream's SQLite machine_state table (read-only).")
  Path pipelineDb;

  @Option(names = "--token", paramLabel = "SECRET",
      description = "Clients must present this (?token=, Authorization: Bearer, or a Sec-WebSocket-Protocol value); "
          + "required to listen beyond loopback. Default: $RELAYSCOPE_TOKEN.")
  String token;

  @Option(names = "--allowed-origin", paramLabel = "ORIGIN",
      description = "Accept browsers only from this Origin (repeatable); others get 403. Default: any.")
  java.util.List<String> allowedOrigins = new java.util.ArrayList<>();

  @Option(names = "--max-clients", defaultValue = "1024", description = "Connections beyond this get 503 (default: ${DEFAULT-VALUE}).")
  int maxClients;

  @Option(names = "--handshake-timeout", defaultValue = "10s", converter = DurationConverter.class,
      description = "Drop connections that complete no handshake in this time (default: ${DEFAULT-VALUE}).")
  Duration handshakeTimeout;

  @Option(names = "--max-inbound-frame", defaultValue = "64KiB", converter = ByteSizeConverter.class,
      description = "Largest message a client may send, counted across its continuation frames; bigger closes it "
          + "with 1009 as soon as it is exceeded (default: ${DEFAULT-VALUE}).")
  long maxInboundFrame;

  @Option(names = "--max-request-head", defaultValue = "16KiB", converter = ByteSizeConverter.class,
      description = "Largest HTTP request head (request line and headers); bigger gets 431 and is closed "
          + "(default: ${DEFAULT-VALUE}).")
  long maxRequestHead;

  @Option(names = "--listen-backlog", defaultValue = "1024",
      description = "Connections the kernel may queue before the relay accepts them (capped by net.core.somaxconn) "
          + "(default: ${DEFAULT-VALUE}).")
  int listenBacklog;

  @Option(names = "--inbound-rate", defaultValue = "100",
      description = "Messages per second a client may send; a flood closes it with 1008 (default: ${DEFAULT-VALUE}).")
  int inboundRate;

  @Option(names = "--resume-events", defaultValue = "10000",
      description = "Events kept for clients that reconnect with ?since=<seq> (default: ${DEFAULT-VALUE}; 0 disables replay).")
  int resumeEvents;

  @Option(names = "--resume-bytes", defaultValue = "64MiB", converter = ByteSizeConverter.class,
      description = "Bytes of events kept for ?since= clients; the oldest go first (default: ${DEFAULT-VALUE}; 0 disables replay).")
  long resumeBytes;

  @Option(names = "--handoff-bytes", defaultValue = "32MiB", converter = ByteSizeConverter.class,
      description = "Bytes of input waiting for the relay hub; over it input is rejected as handoff_full (default: ${DEFAULT-VALUE}).")
  long handoffBytes;

  @Option(names = "--max-machines", defaultValue = "10000",
      description = "Machines kept in the table (and initial); over it the least recently active is evicted (default: ${DEFAULT-VALUE}).")
  int maxMachines;

  @Option(names = "--max-machine-name", defaultValue = "256B", converter = ByteSizeConverter.class,
      description = "Longest machine name, state or config type; longer events are rejected as name_too_long (default: ${DEFAULT-VALUE}).")
  long maxMachineName;

  @Option(names = "--machine-table-bytes", defaultValue = "64MiB", converter = ByteSizeConverter.class,
      description = "Estimated heap for machine states and histories; over it the least recently active machine is evicted "
          + "(default: ${DEFAULT-VALUE}).")
  long machineTableBytes;

  @Option(names = "--send-timeout", defaultValue = "2s", converter = DurationConverter.class,
      description = "Write deadline per frame; a client with a frame unwritten longer is evicted (default: ${DEFAULT-VALUE}).")
  Duration sendTimeout;

  @Option(names = "--slow-client", defaultValue = "evict", paramLabel = "evict|flag",
      description = "evict: close clients past the deadline with 4008 (evicted); flag: keep them, shown NOT READING, for an operator "
          + "(the byte cap still evicts) (default: ${DEFAULT-VALUE}).")
  String slowClient;

  @Option(names = "--client-queue-bytes", defaultValue = "8MiB", converter = ByteSizeConverter.class,
      description = "Hard cap on bytes queued per client; over it the client is evicted (default: ${DEFAULT-VALUE}).")
  long clientQueueBytes;

  @Option(names = "--client-queue-frames", defaultValue = "50000",
      description = "Hard cap on frames queued per client (default: ${DEFAULT-VALUE}).")
  int clientQueueFrames;

  @Option(names = "--json-ping-interval", defaultValue = "10s", converter = DurationConverter.class,
      description = "Upstream's JSON {\"type\":\"ping\"} message to each client (default: ${DEFAULT-VALUE}; 0 disables).")
  Duration jsonPingInterval;

  @Option(names = "--keepalive-interval", defaultValue = "5s", converter = DurationConverter.class,
      description = "RFC 6455 ping to each client, on its own schedule (default: ${DEFAULT-VALUE}).")
  Duration keepaliveInterval;

  @Option(names = "--keepalive-timeout", defaultValue = "15s", converter = DurationConverter.class,
      description = "Close a client (4009) that answers no ping for this long (default: ${DEFAULT-VALUE}).")
  Duration keepaliveTimeout;

  @Option(names = "--max-event-bytes", defaultValue = "200KB", converter = ByteSizeConverter.class,
      description = "Largest event accepted whole; larger ones are rejected, never cut (default: ${DEFAULT-VALUE}).")
  long maxEventBytes;

  @Option(names = "--machines", paramLabel = "DIR",
      description = "More machine definitions (upstream YAML, one file per config type) for the console's diagrams.")
  Path machinesDir;

  @Option(names = "--demo", description = "Run a simulated face_processor pipeline and three WebSocket readers against this relay.")
  boolean demo;

  @Option(names = "--demo-incident",
      description = "With the demo, add a client that stops reading after a few seconds (the October 2025 incident). Implies --demo.")
  boolean demoIncident;

  @Option(names = "--demo-speed", defaultValue = "1", hidden = true, description = "Scale the demo pipeline's timings.")
  double demoSpeed;

  @Option(names = "--client-socket-buffer", converter = ByteSizeConverter.class, paramLabel = "SIZE",
      description = "Kernel send buffer per client (default: 64KiB; 8KiB with --demo-incident, so the stall shows within seconds).")
  Long clientSocketBuffer;

  @Option(names = "--journal-dir", paramLabel = "DIR",
      description = "Where the journal is written (default: $XDG_DATA_HOME/relayscope/journal or ~/.local/share/relayscope/journal).")
  Path journalDir;

  @Option(names = "--no-journal", description = "Keep the journal in memory only; write nothing to disk.")
  boolean noJournal;

  @Option(names = "--journal-file-size", defaultValue = "64MiB", converter = ByteSizeConverter.class,
      description = "Rotate journal files at this size (default: ${DEFAULT-VALUE}).")
  long journalFileSize;

  @Option(names = "--journal-files", defaultValue = "8", description = "Journal files kept (default: ${DEFAULT-VALUE}).")
  int journalFiles;

  @Option(names = "--run-for", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Headless: shut down cleanly (exit 0) after this long. For smoke tests and demos.")
  Duration runFor;

  @Option(names = "--status-interval", defaultValue = "30s", converter = DurationConverter.class,
      description = "How often the headless relay prints a one-line status (default: ${DEFAULT-VALUE}; 0 disables).")
  Duration statusInterval;

  @Option(names = "--fleet", paramLabel = "URL", split = ",",
      description = "Open the console on a fleet instead of a local relay: every node publishing to this NATS server "
          + "(nats://[user[:password]@]host:4222; several comma-separated; --nats-password-file, --nats-creds, --nats-nkey "
          + "and --nats-tls-* apply). "
          + "See docs/fleet.md.")
  java.util.List<String> fleetServers;

  @Option(names = "--fleet-history", defaultValue = "1h", converter = DurationConverter.class,
      description = "With --fleet: how far back the console opens the streams (default: ${DEFAULT-VALUE}).")
  Duration fleetHistory;

  @Option(names = "--fleet-stale-after", defaultValue = "5s", converter = DurationConverter.class,
      description = "With --fleet: a node silent for longer is shown as stale, with its age (default: ${DEFAULT-VALUE}).")
  Duration fleetStaleAfter;

  @Option(names = "--nats", paramLabel = "URL[,URL]", split = ",",
      description = "Join the fleet: publish every accepted event and the relay's facts to NATS JetStream, answer "
          + "control requests (docs/fleet.md). nats://[user[:password]@]host:4222, tls://… for TLS; a password in "
          + "the URL shows in ps: prefer --nats-password-file.")
  java.util.List<String> natsServers = new java.util.ArrayList<>();

  @Option(names = "--node", paramLabel = "NAME",
      description = "This relay's node name on NATS, one subject token (default: the host name, made one).")
  String node;

  @Option(names = "--nats-password-file", paramLabel = "FILE",
      description = "Read the NATS password from this file (mode 0600; one line) for the user named in the URL "
          + "(nats://relay@host:4222), so no command line shows it. Default: $RELAYSCOPE_NATS_PASSWORD.")
  Path natsPasswordFile;

  @Option(names = "--nats-creds", paramLabel = "FILE", description = "NATS credentials file (JWT and NKey seed), as nsc writes it.")
  Path natsCreds;

  @Option(names = "--nats-nkey", paramLabel = "FILE", description = "NATS nkey seed file (SU…), as `nk -gen user` writes it.")
  Path natsNkey;

  @Option(names = "--nats-tls-ca", paramLabel = "FILE", description = "Trust the NATS server's certificate signed by this PEM CA.")
  Path natsTlsCa;

  @Option(names = "--nats-tls-cert", paramLabel = "FILE",
      description = "Client certificate (PEM chain) for a NATS server that requires one (mTLS); with --nats-tls-key.")
  Path natsTlsCert;

  @Option(names = "--nats-tls-key", paramLabel = "FILE",
      description = "The client certificate's private key: unencrypted PEM, PKCS#8 (or the RSA/EC forms; mode 0600).")
  Path natsTlsKey;

  @Option(names = "--nats-history", defaultValue = "1h", converter = DurationConverter.class,
      description = "How long the streams keep events and facts, when the relay creates them (default: ${DEFAULT-VALUE}).")
  Duration natsHistory;

  @Option(names = "--nats-buffer-events", defaultValue = "100000",
      description = "Events waiting for NATS (queued, unacknowledged, or held while NATS is down) at most; more are "
          + "counted lost (default: ${DEFAULT-VALUE}).")
  int natsBufferEvents;

  @Option(names = "--nats-buffer-bytes", defaultValue = "64MiB", converter = ByteSizeConverter.class,
      description = "Bytes of events waiting for NATS at most (default: ${DEFAULT-VALUE}).")
  long natsBufferBytes;

  @Option(names = "--nats-source", arity = "0..1", fallbackValue = io.relayscope.fleet.FleetOptions.DEFAULT_SOURCE,
      paramLabel = "SUBJECT", description = "Also take events from the stream (default subject: "
          + io.relayscope.fleet.FleetOptions.DEFAULT_SOURCE + "; this node's own events are skipped).")
  String natsSource;

  @Option(names = "--nats-source-start", defaultValue = "all", paramLabel = "all|last-per-subject|new",
      description = "Where --nats-source starts: the stream's whole history (initial rebuilt from it), each machine's "
          + "last event, or new events only (default: ${DEFAULT-VALUE}).")
  String natsSourceStart;

  @Override
  public Integer call() throws Exception {
    if (fleetServers != null) return attachToFleet();
    CoreConfig config = coreConfig();
    String heap = io.relayscope.core.HeapBudget.problem(config, Runtime.getRuntime().maxMemory());
    if (heap != null) throw new ParameterException(spec.commandLine(), heap); // exit 2, one line
    io.relayscope.fleet.FleetOptions fleet = fleetOptions();
    MachineDefinitions definitions = null;
    if (!headless) {
      if (!hasDisplay()) {
        spec.commandLine().getErr().println("relayscope: no display to open the console on (DISPLAY is not set); use --headless");
        return 1;
      }
      try {
        definitions = MachineDefinitions.load(machinesDir);
      } catch (java.io.IOException e) {
        spec.commandLine().getErr().println("relayscope: cannot read --machines: " + e.getMessage());
        return 1;
      }
    }
    RelayCore core;
    // --nats: the buffer takes events from the socket's bind on, before the link is up (fleetdata)
    var fleetBuffer = fleet == null ? null : io.relayscope.fleet.FleetNode.buffer(fleet);
    try {
      core = RelayCore.start(config, fleetBuffer == null ? io.relayscope.event.EventTap.NONE : fleetBuffer);
    } catch (IngestException | RelayStartException e) {
      spec.commandLine().getErr().println("relayscope: " + e.getMessage());
      return 1;
    } catch (SQLException e) {
      spec.commandLine().getErr().println("relayscope: cannot read --pipeline-db: " + e.getMessage());
      return 1;
    } catch (java.io.IOException e) {
      spec.commandLine().getErr().println("relayscope: " + e.getMessage() + " (--journal-dir, or --no-journal)");
      return 1;
    }
    io.relayscope.fleet.FleetNode fleetNode = null;
    if (fleet != null) {
      try {
        fleetNode = io.relayscope.fleet.FleetNode.start(core, fleet, fleetBuffer);
      } catch (java.io.IOException e) {
        core.close();
        spec.commandLine().getErr().println("relayscope: " + e.getMessage());
        return 1;
      }
    }
    final io.relayscope.fleet.FleetNode fleetRun = fleetNode;
    io.relayscope.demo.Demo running = null;
    if (demo || demoIncident) {
      try {
        running = io.relayscope.demo.Demo.start(core, demoIncident, 5000, demoSpeed);
      } catch (java.io.IOException e) {
        core.close();
        spec.commandLine().getErr().println("relayscope: cannot start the demo: " + e.getMessage());
        return 1;
      }
    }
    final io.relayscope.demo.Demo demoRun = running;
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      closeQuietly(demoRun);
      closeQuietly(fleetRun);
      core.close(); // first: clients get 1001 and the socket file goes, whatever the toolkit does
      if (!headless) ConsoleLauncher.exitIfRunning();
      stopped.countDown();
    }, "relay-shutdown"));
    spec.commandLine().getOut().printf("Relayscope: events from %s -> %s (health: http://%s:%d/health)%n",
        config.eventSocketPath(), core.endpoint(), host, core.port());
    spec.commandLine().getOut().flush();
    if (!headless) {
      try {
        ConsoleLauncher.run(core, definitions); // returns when the window closes
      } finally {
        closeQuietly(demoRun);
        closeQuietly(fleetRun);
        core.close();
      }
      return 0;
    }
    if (!statusInterval.isZero()) {
      var status = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relay-status");
        t.setDaemon(true);
        return t;
      });
      long ms = statusInterval.toMillis();
      status.scheduleAtFixedRate(() -> {
        spec.commandLine().getOut().println(StatusLine.of(core.snapshot()));
        spec.commandLine().getOut().flush();
      }, ms, ms, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    if (runFor != null) {
      if (!stopped.await(runFor.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        closeQuietly(demoRun);
        closeQuietly(fleetRun);
        core.close();
        spec.commandLine().getOut().println("Relayscope: stopped after " + runFor.toSeconds() + " s (--run-for)");
      }
      return 0;
    }
    stopped.await();
    return 0;
  }

  private int attachToFleet() throws java.io.IOException {
    var err = spec.commandLine();
    if (headless) throw new ParameterException(err, "--fleet opens the console; it cannot be --headless");
    positive(fleetHistory, "--fleet-history", true);
    positive(fleetStaleAfter, "--fleet-stale-after", false);
    var urls = parse(() -> io.relayscope.fleet.NatsUrls.parse(fleetServers), "--fleet");
    var access = natsAccess(urls);
    if (!hasDisplay()) {
      err.getErr().println("relayscope: no display to open the console on (DISPLAY is not set)");
      return 1;
    }
    return FleetConsole.run(urls.servers(), access, fleetHistory, fleetStaleAfter,
        err.getOut(), err.getErr());
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) return;
    try {
      c.close();
    } catch (Exception e) {
      // shutting down anyway
    }
  }

  /** JavaFX needs an X11 or Wayland display (or Monocle, which tests select by property). */
  static boolean hasDisplay() {
    return System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null
        || "Monocle".equals(System.getProperty("glass.platform"));
  }

  CoreConfig coreConfig() {
    var err = spec.commandLine();
    SlowClientPolicy policy;
    try {
      policy = SlowClientPolicy.valueOf(slowClient.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(err, "--slow-client must be evict or flag, got '" + slowClient + "'");
    }
    if (port < 0 || port > 65535) throw new ParameterException(err, "--port must be 0..65535, got " + port);
    positive(sendTimeout, "--send-timeout", false);
    positive(keepaliveInterval, "--keepalive-interval", false);
    positive(keepaliveTimeout, "--keepalive-timeout", false);
    if (keepaliveTimeout.compareTo(keepaliveInterval) < 0) {
      throw new ParameterException(err, "--keepalive-timeout (" + keepaliveTimeout.toMillis()
          + " ms) must be at least --keepalive-interval (" + keepaliveInterval.toMillis() + " ms)");
    }
    positive(handshakeTimeout, "--handshake-timeout", false);
    positive(jsonPingInterval, "--json-ping-interval", true);
    positive(statusInterval, "--status-interval", true);
    if (runFor != null) positive(runFor, "--run-for", false);
    atLeast(maxClients, 1, "--max-clients");
    atLeast(inboundRate, 1, "--inbound-rate");
    atLeast(clientQueueFrames, 1, "--client-queue-frames");
    atLeast(resumeEvents, 0, "--resume-events");
    atLeast(maxMachines, 1, "--max-machines");
    if (clientQueueBytes < 1024) throw new ParameterException(err, "--client-queue-bytes must be at least 1KiB");
    if (maxInboundFrame < 1) throw new ParameterException(err, "--max-inbound-frame must be at least 1 byte");
    if (maxMachineName < 1 || maxMachineName > 64 * 1024) {
      throw new ParameterException(err, "--max-machine-name must be between 1 B and 64KiB, got " + maxMachineName);
    }
    if (handoffBytes < maxEventBytes) {
      throw new ParameterException(err, "--handoff-bytes (" + handoffBytes + ") must be at least --max-event-bytes ("
          + maxEventBytes + ")");
    }
    if (machineTableBytes < 1024 * 1024) throw new ParameterException(err, "--machine-table-bytes must be at least 1MiB");
    if (maxEventBytes < 64 || maxEventBytes > 64L * 1024 * 1024) {
      throw new ParameterException(err, "--max-event-bytes must be between 64 B and 64 MiB");
    }
    var mode = parse(() -> SocketFile.parseMode(socketMode), "--socket-mode");
    String secret = token != null ? token : System.getenv("RELAYSCOPE_TOKEN");
    var access = parse(() -> new io.relayscope.relay.AccessPolicy(secret == null || secret.isEmpty() ? null : secret,
        allowedOrigins, maxClients, handshakeTimeout, (int) Math.min(Integer.MAX_VALUE, maxInboundFrame), inboundRate,
        (int) Math.min(Integer.MAX_VALUE, maxRequestHead), listenBacklog), "options");
    RelayConfig relay = parse(() -> new RelayConfig(host, port, sendTimeout, policy, clientQueueBytes, clientQueueFrames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, 1000, socketBuffer(), access, resumeEvents, resumeBytes),
        "options");
    if (journalFiles < 1) throw new ParameterException(err, "--journal-files must be at least 1");
    if (journalFileSize < 64 * 1024) throw new ParameterException(err, "--journal-file-size must be at least 64KiB");
    var limits = new CoreConfig.StoreLimits(handoffBytes, maxMachines, (int) maxMachineName, machineTableBytes);
    return parse(() -> new CoreConfig(eventSocketPath, mode, engineSocket, pipelineDb, (int) maxEventBytes, 1 << 16, 200_000,
        relay, noJournal ? null : journalDir != null ? journalDir : io.relayscope.journal.JournalFiles.defaultDir(),
        journalFileSize, journalFiles, allowedUids.isEmpty() ? CoreConfig.ownUid() : java.util.Set.copyOf(allowedUids),
        limits), "options");
  }

  /** The fleet flags, checked; null without {@code --nats}. */
  io.relayscope.fleet.FleetOptions fleetOptions() {
    var err = spec.commandLine();
    if (natsServers.isEmpty()) {
      if (natsSource != null) throw new ParameterException(err, "--nats-source needs --nats");
      // In the order of the help, so the error names the same flag every time.
      var files = new java.util.LinkedHashMap<String, Path>();
      files.put("--nats-password-file", natsPasswordFile);
      files.put("--nats-creds", natsCreds);
      files.put("--nats-nkey", natsNkey);
      files.put("--nats-tls-ca", natsTlsCa);
      files.put("--nats-tls-cert", natsTlsCert);
      files.put("--nats-tls-key", natsTlsKey);
      for (var flag : files.entrySet()) {
        if (flag.getValue() != null) throw new ParameterException(err, flag.getKey() + " needs --nats or --fleet");
      }
      return null;
    }
    var urls = parse(() -> io.relayscope.fleet.NatsUrls.parse(natsServers), "--nats");
    String name = node != null ? node : io.relayscope.fleet.FleetOptions.defaultNode();
    if (!io.relayscope.fleet.FleetSubjects.isValidNode(name)) {
      throw new ParameterException(err, "--node '" + name + "' is not a single NATS subject token "
          + "(no '.', '*', '>', whitespace or non-ASCII; at most 128 bytes)");
    }
    var access = natsAccess(urls);
    if (natsHistory.compareTo(Duration.ofSeconds(1)) < 0) throw new ParameterException(err, "--nats-history must be at least 1s");
    atLeast(natsBufferEvents, 1, "--nats-buffer-events");
    if (natsBufferBytes < 1024) throw new ParameterException(err, "--nats-buffer-bytes must be at least 1KiB");
    io.relayscope.fleet.FleetOptions.SourceStart start;
    try {
      start = io.relayscope.fleet.FleetOptions.SourceStart.valueOf(
          natsSourceStart.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(err, "--nats-source-start must be all, last-per-subject or new, got '" + natsSourceStart + "'");
    }
    return parse(() -> io.relayscope.fleet.FleetOptions.of(urls.servers(), name)
        .withAccess(access).withHistory(natsHistory).withBuffer(natsBufferEvents, natsBufferBytes)
        .withSource(natsSource, start), "--nats");
  }

  /**
   * How to log in to NATS, from the URLs' user info, --nats-password-file or $RELAYSCOPE_NATS_PASSWORD
   * (the flag wins), --nats-creds or --nats-nkey; and --nats-tls-ca, --nats-tls-cert and --nats-tls-key.
   * A usage error names the flag, never the secret.
   */
  private io.relayscope.fleet.NatsAccess natsAccess(io.relayscope.fleet.NatsUrls urls) {
    readable(natsCreds, "--nats-creds");
    readable(natsNkey, "--nats-nkey");
    readable(natsTlsCa, "--nats-tls-ca");
    readable(natsTlsCert, "--nats-tls-cert");
    readable(natsTlsKey, "--nats-tls-key");
    var tls = parse(() -> new io.relayscope.fleet.TlsFiles(natsTlsCa, natsTlsCert, natsTlsKey), "TLS");
    try {
      // Read now, so a bad file is a usage error before the relay binds anything; the context is made again per connection.
      io.relayscope.fleet.TlsContext.of(tls);
    } catch (java.io.IOException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    String password = null;
    if (natsPasswordFile != null) {
      password = parse(() -> io.relayscope.fleet.PasswordFile.read(natsPasswordFile, "--nats-password-file"), "password");
    } else {
      String env = System.getenv("RELAYSCOPE_NATS_PASSWORD");
      if (env != null && !env.isEmpty()) password = env;
    }
    final String pw = password;
    return parse(() -> io.relayscope.fleet.NatsAccess.of(urls.userInfo(), pw, natsCreds, natsNkey, tls), "password");
  }

  private void readable(Path file, String flag) {
    if (file != null && !java.nio.file.Files.isReadable(file)) {
      throw new ParameterException(spec.commandLine(), flag + ": cannot read " + file);
    }
  }

  /**
   * A duration flag must be at least a millisecond (the schedulers count in them); where
   * {@code zeroIsOff}, exactly 0 turns the feature off.
   */
  private void positive(Duration d, String flag, boolean zeroIsOff) {
    if (zeroIsOff && d.isZero()) return;
    if (d.toMillis() < 1) {
      throw new ParameterException(spec.commandLine(), flag + " must be at least 1ms" + (zeroIsOff ? " (or 0 to disable)" : "")
          + ", got " + d.toNanos() / 1e6 + " ms");
    }
  }

  private void atLeast(long value, long min, String flag) {
    if (value < min) throw new ParameterException(spec.commandLine(), flag + " must be at least " + min + ", got " + value);
  }

  private int socketBuffer() {
    long b = clientSocketBuffer != null ? clientSocketBuffer : demoIncident ? 8 * 1024 : 64 * 1024;
    if (b < 4096 || b > 64L * 1024 * 1024) {
      throw new ParameterException(spec.commandLine(), "--client-socket-buffer must be between 4KiB and 64MiB");
    }
    return (int) b;
  }

  private <T> T parse(java.util.function.Supplier<T> s, String what) {
    try {
      return s.get();
    } catch (IllegalArgumentException e) {
      String message = what.startsWith("--") ? "invalid " + what + ": " + e.getMessage() : e.getMessage();
      throw new ParameterException(spec.commandLine(), message);
    }
  }
}
