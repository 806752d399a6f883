package io.relayscope.bench;

import io.relayscope.demo.DatagramEmitter;
import io.relayscope.demo.SlowClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One measured run of a scenario against a strategy, through real sockets: its relay (two, and a NATS
 * server, for the fleet) started, warmed up until its compilers rest, driven by the {@link PacedSender},
 * read by the {@link ReaderPool} and the stalled clients, measured, and stopped.
 */
final class ScenarioRun {
  /** Selector threads for the healthy clients: one per core is enough to read 1,000 connections. */
  private static final int READER_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
  /** The relay counts as quiet below this share of one core, measured over 200 ms. */
  private static final double QUIET_CPU_SHARE = 0.05;
  /** How long the bench waits at most for a relay to fall quiet after its warm-up. */
  private static final long QUIET_MAX_NANOS = TimeUnit.SECONDS.toNanos(20);
  /** The longest wait for the compilers after that. */
  private static final long COMPILERS_MAX_NANOS = TimeUnit.SECONDS.toNanos(60);
  /** A second of traffic in which the compilers used less than this counts as compiled (/proc counts 10 ms ticks). */
  private static final double COMPILER_IDLE_SECONDS = 0.02;

  private final List<String> jvmOptions;
  private final PrintWriter out;
  private final int warmupSeconds;

  ScenarioRun(List<String> jvmOptions, PrintWriter out, int warmupSeconds) {
    this.jvmOptions = jvmOptions;
    this.out = out;
    this.warmupSeconds = warmupSeconds;
  }

  /**
   * One run of {@code sc} against {@code strategy}, its window on {@code display} if it opens one; its
   * deliveries also to {@code traceFile} unless null.
   */
  ScenarioResult run(Scenario sc, Strategy strategy, Path traceFile, String display) throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "rsbench");
    Path socket = dir.resolve("events.sock");
    var stalled = new ArrayList<SlowClient>();
    ReaderPool readers = null;
    NatsProcess nats = strategy.usesNats() ? NatsProcess.start() : null;
    RelayProcess nodeB = null;
    try (var relay = RelayProcess.start(strategy, socket, jvmOptions, natsFlags(nats, "bench-a", false), display)) {
      if (strategy == Strategy.FLEET) {
        // Node B serves the clients; its own socket gets nothing: every event comes from A through NATS.
        nodeB = RelayProcess.start(strategy, dir.resolve("b.sock"), jvmOptions, natsFlags(nats, "bench-b", true));
      }
      String clientsUrl = nodeB != null ? nodeB.url : relay.url;
      readers = ReaderPool.connect(URI.create(clientsUrl), sc.healthy(), READER_THREADS, 60_000);
      String pad = "x".repeat(Math.max(0, sc.payloadBytes() - 110));
      long lost;
      warmUp(relay, readers, socket, sc, strategy, pad);
      readers.reset();
      DeliveryTrace trace = traceFile == null ? null : new DeliveryTrace((long) sc.events() * sc.healthy());
      readers.trace(trace);
      for (int k = 0; k < sc.stalled(); k++) {
        var s = new SlowClient(URI.create(clientsUrl), 0); // stops reading at its first message
        if (s.connectBlocking(10, TimeUnit.SECONDS)) stalled.add(s);
      }
      if (strategy == Strategy.NATS_STOPPED) nats.suspend();
      var cost = ProcessCost.start(relay.pid());
      double cpu0 = relay.cpuSeconds() + (nodeB == null ? 0 : nodeB.cpuSeconds());
      var threads0 = relay.threadCpuSeconds();
      long self = ProcessHandle.current().pid();
      double benchCpu0 = RelayProcess.cpuSeconds(self);
      var machine0 = MachineCpu.now();
      var benchThreads0 = RelayProcess.threadCpuSeconds(self);
      long t0 = System.nanoTime();
      long t0Millis = System.currentTimeMillis();
      try (var emitter = DatagramEmitter.connect(socket)) {
        PacedSender.send(emitter, sc.events(), sc.rate(), pad);
        lost = emitter.lost();
      }
      double sendSeconds = (System.nanoTime() - t0) / 1e9;
      long expected = sc.events() - lost;
      long lastDelivery = strategy.forwards() ? awaitDelivery(readers, expected) : System.nanoTime();
      readers.trace(null);
      if (trace != null) {
        trace.write(traceFile, t0);
        // The origin in the kernel's clock too, so that the file lines up with perf (-k CLOCK_MONOTONIC).
        out.printf(Locale.ROOT, "  deliveries: %s (%,d%s; sent_ms 0 is CLOCK_MONOTONIC %d ns)%n", traceFile, trace.kept(),
            trace.dropped() == 0 ? "" : String.format(Locale.ROOT, ", %,d more not kept", trace.dropped()), t0);
        out.printf(Locale.ROOT, "  %s%n", trace.episodes().describe());
        out.flush();
      }
      double cpu = relay.cpuSeconds() + (nodeB == null ? 0 : nodeB.cpuSeconds()) - cpu0;
      ProcessCost relayCost = cost.stop();
      var threads = ThreadCpu.busiest(threads0, relay.threadCpuSeconds());
      var machine = MachineCpu.between(machine0, MachineCpu.now());
      if (nats != null) reportNats(relay.url, strategy);
      if (strategy == Strategy.NATS_STOPPED) nats.resume();
      double benchCpu = RelayProcess.cpuSeconds(self) - benchCpu0;
      var benchThreads = ThreadCpu.busiest(benchThreads0, RelayProcess.threadCpuSeconds(self));
      double elapsed = (lastDelivery - t0) / 1e9;
      Histogram all = readers.latency.getIntervalHistogram();
      long min = readers.minEvents();
      long total = readers.totalEvents();
      int closed = readers.closed();
      // Read after the run: the journal is flushed every 100 ms, and the last closes must be in it.
      var closeCauses = readers.closeCauses(closed == 0 ? RelayRecord.NONE : relayRecord(relay));
      // When Relayscope evicted the stalled clients, by its own clock, read once the traffic is over:
      // polling /metrics during the run cost the relay enough to show in the healthy clients' p99.
      double evictedAfter = !strategy.isRelayscope() || stalled.isEmpty() ? -1
          : RelayMetrics.evictionSeconds(clientsUrl, stalled.size(), t0Millis);
      if (strategy.isRelayscope()) reportWriteSweep(clientsUrl);
      double rss = relay.peakRssMb();
      double frames = total / Math.max(elapsed, sendSeconds);
      boolean timed = all.getTotalCount() > 0; // the floor delivers nothing: no latency (-1), not 0 ms
      return new ScenarioResult(sc, strategy.label(), sc.events(), lost, sc.events() / sendSeconds,
          timed ? ms(all.getValueAtPercentile(50)) : -1, timed ? ms(all.getValueAtPercentile(99)) : -1,
          timed ? ms(all.getValueAtPercentile(99.9)) : -1, timed ? ms(all.getMaxValue()) : -1,
          min, readers.size() == 0 ? 0 : (double) total / readers.size(), closed,
          evictedAfter, cpu, rss, benchCpu, frames, frames * sc.payloadBytes() / 1e6, threads, benchThreads, closeCauses, machine, relayCost,
          new StartCost((t0 - relay.startedNanos()) / 1e9, cpu0, ThreadCpu.compilerSeconds(threads0)), 1);
    } finally {
      if (readers != null) readers.close();
      for (var s : stalled) {
        s.resume();
        s.close();
      }
      if (nodeB != null) nodeB.close();
      if (nats != null) nats.close();
      TempTree.delete(dir); // socket and any journal a relay that failed left behind
    }
  }

  /**
   * Unmeasured traffic until the relay has compiled this scenario's paths and fallen quiet: first
   * the fast warm-up, then the scenario's own shape ({@link #warmOwnShape}).
   */
  private void warmUp(RelayProcess relay, ReaderPool readers, Path socket, Scenario sc, Strategy strategy, String pad)
      throws IOException {
    try (var emitter = DatagramEmitter.connect(socket)) {
      // Seconds (two by default) of the scenario's own events first, unmeasured, so both JVMs have compiled
      // the paths this payload takes (a warm-up of small events left 2 KB frames to a cold,
      // deoptimising reader: p99 ten times worse in whichever scenario ran first). At no more than
      // 100 MB/s of fan-out: a warm-up the clients cannot take gets them evicted before the run.
      int warmupRate = PacedSender.warmupRate(sc);
      long warmupEvents = (long) warmupSeconds * warmupRate;
      PacedSender.send(emitter, warmupEvents, warmupRate, pad);
      // A scenario at the warm-up's own rate (50,000/s) goes on in it too: 2 s of it left C2 1.95 s of the
      // measured window's relay CPU.
      if (sc.rate() > 0) warmupEvents += warmOwnShape(emitter, relay, sc, pad);
      if (strategy.forwards()) awaitDelivery(readers, warmupEvents - emitter.lost());
    }
    // Then until the relay's CPU falls quiet: its JIT compiler still works through the warm-up's
    // hot paths for seconds, and on two cores it would take one from the measured run.
    relay.awaitQuiet(QUIET_CPU_SHARE, QUIET_MAX_NANOS);
    // And until its compilers are: the console's JVM compiles JavaFX code for a minute after it
    // starts, while its window keeps its CPU above the quiet share. Every strategy waits the same way.
    relay.awaitCompilersQuiet(QUIET_CPU_SHARE, COMPILERS_MAX_NANOS);
  }

  /** Relayscope's flags for a fleet strategy: none without NATS. */
  private static List<String> natsFlags(NatsProcess nats, String node, boolean source) {
    if (nats == null) return List.of();
    var flags = new ArrayList<>(List.of("--nats", nats.url, "--node", node));
    if (source) flags.addAll(List.of("--nats-source", "relayscope.events.bench-a.>", "--nats-source-start", "new"));
    return flags;
  }

  /**
   * The relay's own record of how each reader ended, once its journal has been flushed (every
   * 100 ms); none when the relay keeps no journal or it cannot be read (said, and the report goes on).
   */
  private RelayRecord relayRecord(RelayProcess relay) {
    if (relay.journalDir() == null) return RelayRecord.NONE;
    LockSupport.parkNanos(300_000_000L); // the journal writer flushes every 100 ms
    try {
      return RelayRecord.read(relay.journalDir());
    } catch (IOException | RuntimeException e) {
      out.println("  the relay's journal could not be read: " + e);
      return RelayRecord.NONE;
    }
  }

  /**
   * How often the relay found a connection with bytes queued and no write armed (a wake-up the
   * WebSocket library lost; without the sweep each one held a client's frames until its next ping).
   */
  private void reportWriteSweep(String wsUrl) {
    RelayMetrics m = RelayMetrics.scrape(wsUrl);
    if (m == null) return;
    out.printf(Locale.ROOT, "  write wake-ups restored by the sweep: %.0f; closes ended: %.0f%n",
        m.gauge("relayscope_write_wakeups_restored_total"), m.gauge("relayscope_closes_ended_total"));
    out.flush();
  }

  /** What node A did with NATS during the run, from its /metrics (the NATS server resumed first, if stopped). */
  private void reportNats(String wsUrl, Strategy strategy) {
    RelayMetrics m = RelayMetrics.scrape(wsUrl);
    if (m == null) return;
    out.printf(Locale.ROOT, "  node A (%s): nats connected %.0f, published %.0f, buffered %.0f, lost %.0f%n", strategy.label(),
        m.gauge("relayscope_nats_connected"), m.gauge("relayscope_nats_events_published_total"),
        m.gauge("relayscope_nats_events_buffered"), m.gauge("relayscope_nats_events_lost_total"));
    out.flush();
  }

  /**
   * The scenario's own shape after the fast warm-up, one second at a time, until the relay's JIT
   * compilers were idle for a whole second of it (or {@link #QUIET_MAX_NANOS}): at 1,000/s the relay
   * takes other paths (an ingest thread does the hub's work, one frame per write) that the fast
   * warm-up never made hot, and C2 compiled them inside the measured window (2.65 s of 4.55 s of relay
   * CPU). Judged with traffic flowing, since without it nothing new gets hot. Returns events sent.
   */
  private long warmOwnShape(DatagramEmitter emitter, RelayProcess relay, Scenario sc, String pad) throws IOException {
    long sent = 0;
    long start = System.nanoTime();
    int seconds = 0;
    double compiled = relay.compilerSeconds();
    while (true) {
      PacedSender.send(emitter, sc.rate(), sc.rate(), pad);
      sent += sc.rate();
      seconds++;
      double now = relay.compilerSeconds();
      boolean idle = now - compiled < COMPILER_IDLE_SECONDS;
      compiled = now;
      if ((idle && seconds >= warmupSeconds) || System.nanoTime() - start > QUIET_MAX_NANOS) break;
    }
    return sent;
  }

  /**
   * Waits until every healthy client has {@code expected} events, or until deliveries stop moving
   * for 3 s (clients the relay evicted will never catch up), or 30 s. Returns when (System.nanoTime)
   * the last delivery was seen.
   */
  private static long awaitDelivery(ReaderPool readers, long expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long last = -1;
    long lastMoved = System.nanoTime();
    while (System.nanoTime() < deadline) {
      if (readers.allReached(expected)) return System.nanoTime();
      long total = readers.totalEvents();
      if (total != last) {
        last = total;
        lastMoved = System.nanoTime();
      } else if (System.nanoTime() - lastMoved > TimeUnit.SECONDS.toNanos(3)) {
        break;
      }
      LockSupport.parkNanos(5_000_000);
    }
    return lastMoved;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
