package io.relayscope.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.event.EventTap;
import io.relayscope.ingest.DatagramIngest;
import io.relayscope.ingest.IngestException;
import io.relayscope.ingest.StreamIngest;
import io.relayscope.journal.Journal;
import io.relayscope.journal.JournalStatus;
import io.relayscope.journal.JournalWriter;
import io.relayscope.journal.RelayRun;
import io.relayscope.machines.MachineRegistry;
import io.relayscope.machines.MachineState;
import io.relayscope.machines.PipelineDbSeed;
import io.relayscope.metrics.IngestStatus;
import io.relayscope.metrics.JournalHealth;
import io.relayscope.metrics.RelaySnapshot;
import io.relayscope.relay.Relay;
import io.relayscope.relay.RelayStartException;
import io.relayscope.relay.RelayTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole headless relay: event socket(s) → hub → WebSocket clients, with the machine model and
 * the journal. The console and the command line both run exactly this.
 */
public final class RelayCore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RelayCore.class);

  private final CoreConfig config;
  private final Journal journal;
  private final MachineRegistry machines;
  private final Relay relay;
  private final DatagramIngest datagrams;
  private final StreamIngest stream;
  private final JournalWriter journalWriter;
  private volatile boolean closed;
  private boolean ingestStopped; // under this

  private RelayCore(CoreConfig config, RelayTime time) {
    this.config = config;
    var mapper = new ObjectMapper();
    this.journal = new Journal(config.journalCapacity(), RelayRun.start(), time::millis);
    var limits = config.limits();
    this.machines = new MachineRegistry(mapper, limits.maxMachines(), config.relay().initialBytesAllowed(),
        limits.machineTableBytes());
    this.relay = new Relay(config.relay(), machines, journal, mapper, config.maxEventBytes(), config.handoffCapacity(),
        limits.handoffBytes(), limits.maxMachineNameBytes(), this::ingestStatus, time);
    this.datagrams = new DatagramIngest(config.eventSocketPath(), config.socketMode(), config.maxEventBytes(),
        relay.inputSink(), journal);
    this.stream = config.engineSocket() == null ? null
        : new StreamIngest(config.engineSocket(), config.maxEventBytes(), relay.inputSink(), journal, config.allowedUids());
    this.journalWriter = config.journalDir() == null ? null
        : new JournalWriter(journal, config.journalDir(), config.journalFileBytes(), config.journalFiles());
    // Every relay thread answers for itself in /health.
    relay.threads().watch("relay-ingest-datagram", datagrams::receiving);
    if (stream != null) relay.threads().watch("relay-ingest-stream", stream::running);
    if (journalWriter != null) relay.threads().watch("journal-writer", journalWriter::alive);
    relay.reportJournal(this::journalHealth);
  }

  /** Starts everything, or nothing: on failure whatever started is stopped again. */
  public static RelayCore start(CoreConfig config) throws IngestException, RelayStartException, SQLException,
      IOException {
    return start(config, RelayTime.system());
  }

  /** As {@link #start(CoreConfig)}, with the relay's deadlines and schedules on {@code time}. */
  public static RelayCore start(CoreConfig config, RelayTime time) throws IngestException,
      RelayStartException, SQLException, IOException {
    return start(config, time, EventTap.NONE);
  }

  /**
   * As {@link #start(CoreConfig)}, with {@code tap} hearing of every accepted event from the first:
   * it is in place before the event socket is bound (--nats buffers from there, so nothing the relay
   * accepts while it connects to NATS goes unpublished).
   */
  public static RelayCore start(CoreConfig config, EventTap tap) throws IngestException,
      RelayStartException, SQLException, IOException {
    return start(config, RelayTime.system(), tap);
  }

  public static RelayCore start(CoreConfig config, RelayTime time, EventTap tap)
      throws IngestException, RelayStartException, SQLException, IOException {
    var core = new RelayCore(config, time);
    core.relay.tap(tap);
    if (config.pipelineDb() != null) {
      List<MachineState> seeded = PipelineDbSeed.read(config.pipelineDb());
      int max = config.limits().maxMachineNameBytes();
      // The same bound as for events: names over --max-machine-name would break initial's size bound.
      int kept = 0;
      for (MachineState m : seeded) {
        boolean fits = fits(m.machineName(), max) && fits(m.currentState(), max) && fits(m.configType(), max)
            && fits(m.metadata(), 4096);
        if (fits && core.machines.seed(m)) kept++;
      }
      log.info("seeded {} machines from {}", kept, config.pipelineDb());
      if (kept < seeded.size()) {
        log.warn("skipped {} machines from {}: a name, state or config type longer than {} bytes "
            + "(--max-machine-name), or metadata over 4 KiB", seeded.size() - kept, config.pipelineDb(), max);
      }
    }
    core.datagrams.start();
    try {
      core.relay.start();
    } catch (RelayStartException e) {
      core.datagrams.close();
      throw e;
    }
    if (core.journalWriter != null) {
      // Started last, so a relay that cannot start leaves no journal behind; it saves the ring from
      // its first fact, so nothing before this point is missed.
      try {
        core.journalWriter.start();
      } catch (IOException e) {
        core.datagrams.close();
        core.relay.close();
        throw new IOException("cannot write the journal in " + config.journalDir() + ": " + e.getMessage(), e);
      }
    }
    if (core.stream != null) core.stream.start();
    log.info("relaying {} -> {}", config.eventSocketPath(), core.relay.endpoint());
    return core;
  }

  private static boolean fits(String s, int maxBytes) {
    return s == null || s.getBytes(StandardCharsets.UTF_8).length <= maxBytes;
  }

  private IngestStatus ingestStatus() {
    long handoffFull = datagrams.counters().handoffFull() + (stream == null ? 0 : stream.counters().handoffFull());
    long received = datagrams.counters().received() + (stream == null ? 0 : stream.counters().received());
    String problem = datagrams.problem();
    return new IngestStatus(config.eventSocketPath().toString(), problem == null, received, handoffFull, problem);
  }

  private boolean journalStarted() {
    return journalWriter.status().file() != null && !journalWriter.status().file().isEmpty();
  }

  /**
   * Waits until the journal's disk copy holds every fact recorded so far, at most {@code timeoutMillis};
   * true when it does (and when there is no disk copy to wait for).
   */
  public boolean awaitJournalSaved(long timeoutMillis) throws InterruptedException {
    return journalWriter == null || !journalStarted() || journalWriter.awaitSaved(timeoutMillis);
  }

  /** How the journal's disk copy is doing (disabled with {@code --no-journal}). */
  public JournalStatus journalStatus() {
    return journalWriter == null ? JournalStatus.disabled() : journalWriter.status();
  }

  private JournalHealth journalHealth() {
    if (journalWriter == null) return JournalHealth.DISABLED;
    var s = journalWriter.status();
    return new JournalHealth(s.paused() ? "paused" : "ok", s.lost(), s.error());
  }

  public RelaySnapshot snapshot() {
    return relay.snapshot();
  }

  public boolean disconnect(String clientId, String reason) {
    return relay.disconnect(clientId, reason);
  }

  public Relay relay() {
    return relay;
  }

  public Journal journal() {
    return journal;
  }

  /** This run of the relay: every journal fact carries it. */
  public RelayRun run() {
    return journal.run();
  }

  public MachineRegistry machines() {
    return machines;
  }

  public CoreConfig config() {
    return config;
  }

  public int port() {
    return relay.port();
  }

  public String endpoint() {
    return relay.endpoint();
  }

  /**
   * Stops taking input (engines see the socket go) and leaves the rest running: a node publishing
   * to NATS calls it before its last publish, so no event is accepted that it cannot publish.
   * {@link #close()} does it too.
   */
  public synchronized void stopIngest() {
    if (closed || ingestStopped) return;
    ingestStopped = true;
    if (stream != null) stream.close();
    datagrams.close();
  }

  /** Stops ingest first (so engines see the socket go), then closes clients with 1001. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    if (!ingestStopped) {
      if (stream != null) stream.close();
      datagrams.close();
    }
    relay.close();
    if (journalWriter != null && journalStarted()) journalWriter.close(); // last: it saves the relay's final facts
  }
}
