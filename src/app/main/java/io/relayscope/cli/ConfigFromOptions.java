package io.relayscope.cli;

import io.relayscope.core.CoreConfig;
import io.relayscope.core.HeapBudget;
import io.relayscope.fleet.FleetOptions;
import io.relayscope.fleet.FleetSubjects;
import io.relayscope.fleet.NatsAccess;
import io.relayscope.fleet.NatsUrls;
import io.relayscope.fleet.PasswordFile;
import io.relayscope.fleet.TlsContext;
import io.relayscope.fleet.TlsFiles;
import io.relayscope.ingest.SocketFile;
import io.relayscope.journal.JournalFiles;
import io.relayscope.relay.AccessPolicy;
import io.relayscope.relay.RelayConfig;
import io.relayscope.relay.SlowClientPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The relay command's options, checked and turned into the core's configuration, the fleet's and the
 * fleet console's. Every mistake is a {@link ParameterException}: one line naming the flag (exit 2),
 * before anything binds.
 */
final class ConfigFromOptions {
  private final CommandLine commandLine;
  private final RelayOptions options;

  ConfigFromOptions(CommandLine commandLine, RelayOptions options) {
    this.commandLine = commandLine;
    this.options = options;
  }

  CoreConfig coreConfig() {
    SendOptions send = options.send;
    AccessOptions access = options.access;
    MemoryOptions memory = options.memory;
    IngestOptions ingest = options.ingest;
    JournalOptions journal = options.journal;
    SlowClientPolicy policy;
    try {
      policy = SlowClientPolicy.valueOf(send.slowClient.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw usage("--slow-client must be evict or flag, got '" + send.slowClient + "'");
    }
    int port = options.listen.port;
    if (port < 0 || port > 65535) throw usage("--port must be 0..65535, got " + port);
    positive(send.sendTimeout, "--send-timeout", false);
    positive(send.keepaliveInterval, "--keepalive-interval", false);
    positive(send.keepaliveTimeout, "--keepalive-timeout", false);
    if (send.keepaliveTimeout.compareTo(send.keepaliveInterval) < 0) {
      throw usage("--keepalive-timeout (" + send.keepaliveTimeout.toMillis()
          + " ms) must be at least --keepalive-interval (" + send.keepaliveInterval.toMillis() + " ms)");
    }
    positive(access.handshakeTimeout, "--handshake-timeout", false);
    positive(send.jsonPingInterval, "--json-ping-interval", true);
    positive(options.run.statusInterval, "--status-interval", true);
    if (options.run.runFor != null) positive(options.run.runFor, "--run-for", false);
    atLeast(access.maxClients, 1, "--max-clients");
    atLeast(access.inboundRate, 1, "--inbound-rate");
    atLeast(send.clientQueueFrames, 1, "--client-queue-frames");
    atLeast(memory.resumeEvents, 0, "--resume-events");
    atLeast(memory.maxMachines, 1, "--max-machines");
    if (send.clientQueueBytes < 1024) throw usage("--client-queue-bytes must be at least 1KiB");
    if (access.maxInboundFrame < 1) throw usage("--max-inbound-frame must be at least 1 byte");
    if (memory.maxMachineName < 1 || memory.maxMachineName > 64 * 1024) {
      throw usage("--max-machine-name must be between 1 B and 64KiB, got " + memory.maxMachineName);
    }
    if (memory.handoffBytes < ingest.maxEventBytes) {
      throw usage("--handoff-bytes (" + memory.handoffBytes + ") must be at least --max-event-bytes ("
          + ingest.maxEventBytes + ")");
    }
    if (memory.machineTableBytes < 1024 * 1024) throw usage("--machine-table-bytes must be at least 1MiB");
    if (ingest.maxEventBytes < 64 || ingest.maxEventBytes > 64L * 1024 * 1024) {
      throw usage("--max-event-bytes must be between 64 B and 64 MiB");
    }
    var mode = parse(() -> SocketFile.parseMode(ingest.socketMode), "--socket-mode");
    String secret = access.token != null ? access.token : System.getenv("RELAYSCOPE_TOKEN");
    var accessPolicy = parse(() -> new AccessPolicy(secret == null || secret.isEmpty() ? null : secret,
        access.allowedOrigins, access.maxClients, access.handshakeTimeout, (int) Math.min(Integer.MAX_VALUE, access.maxInboundFrame),
        access.inboundRate, (int) Math.min(Integer.MAX_VALUE, access.maxRequestHead), access.listenBacklog), "options");
    RelayConfig relay = parse(() -> new RelayConfig(options.listen.host, port, send.sendTimeout, policy, send.clientQueueBytes,
        send.clientQueueFrames, send.jsonPingInterval, send.keepaliveInterval, send.keepaliveTimeout, 1000, socketBuffer(),
        accessPolicy, memory.resumeEvents, memory.resumeBytes), "options");
    if (journal.journalFiles < 1) throw usage("--journal-files must be at least 1");
    if (journal.journalFileSize < 64 * 1024) throw usage("--journal-file-size must be at least 64KiB");
    var limits = new CoreConfig.StoreLimits(memory.handoffBytes, memory.maxMachines, (int) memory.maxMachineName,
        memory.machineTableBytes);
    return parse(() -> new CoreConfig(ingest.eventSocketPath, mode, ingest.engineSocket, ingest.pipelineDb,
        (int) ingest.maxEventBytes, 1 << 16, 200_000, relay, journalDir(), journal.journalFileSize, journal.journalFiles,
        ingest.allowedUids.isEmpty() ? CoreConfig.ownUid() : Set.copyOf(ingest.allowedUids), limits), "options");
  }

  /** Null with --no-journal: the journal stays in memory. */
  private Path journalDir() {
    JournalOptions journal = options.journal;
    if (journal.noJournal) return null;
    return journal.journalDir != null ? journal.journalDir : JournalFiles.defaultDir();
  }

  /** Bounds this JVM's heap cannot hold at once, named by their flags. */
  void checkHeap(CoreConfig config) {
    String problem = HeapBudget.problem(config, Runtime.getRuntime().maxMemory());
    if (problem != null) throw usage(problem);
  }

  /** The fleet flags, checked; null without {@code --nats}. */
  FleetOptions fleetOptions() {
    NatsOptions nats = options.nats;
    if (nats.natsServers.isEmpty()) {
      if (nats.natsSource != null) throw usage("--nats-source needs --nats");
      // In the order of the help, so the error names the same flag every time.
      var files = new LinkedHashMap<String, Path>();
      files.put("--nats-password-file", nats.natsPasswordFile);
      files.put("--nats-creds", nats.natsCreds);
      files.put("--nats-nkey", nats.natsNkey);
      files.put("--nats-tls-ca", nats.natsTlsCa);
      files.put("--nats-tls-cert", nats.natsTlsCert);
      files.put("--nats-tls-key", nats.natsTlsKey);
      for (var flag : files.entrySet()) {
        if (flag.getValue() != null) throw usage(flag.getKey() + " needs --nats or --fleet");
      }
      return null;
    }
    var urls = parse(() -> NatsUrls.parse(nats.natsServers), "--nats");
    String name = nats.node != null ? nats.node : FleetOptions.defaultNode();
    if (!FleetSubjects.isValidNode(name)) {
      throw usage("--node '" + name + "' is not a single NATS subject token "
          + "(no '.', '*', '>', whitespace or non-ASCII; at most 128 bytes)");
    }
    var access = natsAccess(urls);
    if (nats.natsHistory.compareTo(Duration.ofSeconds(1)) < 0) throw usage("--nats-history must be at least 1s");
    atLeast(nats.natsBufferEvents, 1, "--nats-buffer-events");
    if (nats.natsBufferBytes < 1024) throw usage("--nats-buffer-bytes must be at least 1KiB");
    FleetOptions.SourceStart start;
    try {
      start = FleetOptions.SourceStart.valueOf(nats.natsSourceStart.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw usage("--nats-source-start must be all, last-per-subject or new, got '" + nats.natsSourceStart + "'");
    }
    return parse(() -> FleetOptions.of(urls.servers(), name)
        .withAccess(access).withHistory(nats.natsHistory).withBuffer(nats.natsBufferEvents, nats.natsBufferBytes)
        .withSource(nats.natsSource, start), "--nats");
  }

  /** The {@code --fleet} flags, checked: what the fleet console attaches to. */
  FleetConsole.Target fleetConsole() {
    FleetConsoleOptions fleet = options.fleetConsole;
    if (options.run.headless) throw usage("--fleet opens the console; it cannot be --headless");
    positive(fleet.fleetHistory, "--fleet-history", true);
    positive(fleet.fleetStaleAfter, "--fleet-stale-after", false);
    var urls = parse(() -> NatsUrls.parse(fleet.fleetServers), "--fleet");
    return new FleetConsole.Target(urls.servers(), natsAccess(urls), fleet.fleetHistory, fleet.fleetStaleAfter);
  }

  /**
   * How to log in to NATS, from the URLs' user info, --nats-password-file or $RELAYSCOPE_NATS_PASSWORD
   * (the flag wins), --nats-creds or --nats-nkey; and --nats-tls-ca, --nats-tls-cert and --nats-tls-key.
   * A usage error names the flag, never the secret.
   */
  private NatsAccess natsAccess(NatsUrls urls) {
    NatsOptions nats = options.nats;
    readable(nats.natsCreds, "--nats-creds");
    readable(nats.natsNkey, "--nats-nkey");
    readable(nats.natsTlsCa, "--nats-tls-ca");
    readable(nats.natsTlsCert, "--nats-tls-cert");
    readable(nats.natsTlsKey, "--nats-tls-key");
    var tls = parse(() -> new TlsFiles(nats.natsTlsCa, nats.natsTlsCert, nats.natsTlsKey), "TLS");
    try {
      // Read now, so a bad file is a usage error before the relay binds anything; the context is made again per connection.
      TlsContext.of(tls);
    } catch (IOException e) {
      throw usage(e.getMessage());
    }
    String password = null;
    if (nats.natsPasswordFile != null) {
      password = parse(() -> PasswordFile.read(nats.natsPasswordFile, "--nats-password-file"), "password");
    } else {
      String env = System.getenv("RELAYSCOPE_NATS_PASSWORD");
      if (env != null && !env.isEmpty()) password = env;
    }
    final String pw = password;
    return parse(() -> NatsAccess.of(urls.userInfo(), pw, nats.natsCreds, nats.natsNkey, tls), "password");
  }

  private void readable(Path file, String flag) {
    if (file != null && !Files.isReadable(file)) throw usage(flag + ": cannot read " + file);
  }

  /**
   * A duration flag must be at least a millisecond (the schedulers count in them); where
   * {@code zeroIsOff}, exactly 0 turns the feature off.
   */
  private void positive(Duration d, String flag, boolean zeroIsOff) {
    if (zeroIsOff && d.isZero()) return;
    if (d.toMillis() < 1) {
      throw usage(flag + " must be at least 1ms" + (zeroIsOff ? " (or 0 to disable)" : "") + ", got " + d.toNanos() / 1e6 + " ms");
    }
  }

  private void atLeast(long value, long min, String flag) {
    if (value < min) throw usage(flag + " must be at least " + min + ", got " + value);
  }

  /** The kernel send buffer per client: small with the demo's incident, so its stall shows within seconds. */
  private int socketBuffer() {
    Long given = options.send.clientSocketBuffer;
    long b = given != null ? given : options.demo.demoIncident ? 8 * 1024 : 64 * 1024;
    if (b < 4096 || b > 64L * 1024 * 1024) throw usage("--client-socket-buffer must be between 4KiB and 64MiB");
    return (int) b;
  }

  /** {@code s}'s value, or its IllegalArgumentException as a usage error ("invalid --flag: …" when {@code what} is a flag). */
  private <T> T parse(Supplier<T> s, String what) {
    try {
      return s.get();
    } catch (IllegalArgumentException e) {
      throw usage(what.startsWith("--") ? "invalid " + what + ": " + e.getMessage() : e.getMessage());
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(commandLine, message);
  }
}
