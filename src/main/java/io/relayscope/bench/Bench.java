package io.relayscope.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.relayscope.demo.DatagramEmitter;
import io.relayscope.demo.SlowClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * End-to-end scenarios on loopback, through real sockets, each run against Relayscope as shipped
 * (journal on), Relayscope without its journal, and the seed's two designs (the sequential 2 s-timeout
 * broadcast and the single-threaded asyncio loop), all in the same invocation. The sender is
 * non-blocking as engines are: an {@code EAGAIN} is an event lost for good.
 */
public final class Bench {
  /** Selector threads for the healthy clients: one per core is enough to read 1,000 connections. */
  static final int READER_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
  private final List<String> jvmOptions;
  private final List<Strategy> strategies;
  private final PrintWriter out;
  private final int warmupSeconds;
  private final int repeat;
  private final List<ScenarioResult> allRuns = new ArrayList<>();

  /** Seconds of unmeasured warm-up traffic before each scenario, unless told otherwise. */
  public static final int DEFAULT_WARMUP_SECONDS = 2;

  /** {@code strategies}: what each scenario runs against, Relayscope as shipped first. */
  public Bench(List<String> jvmOptions, List<Strategy> strategies, PrintWriter out) {
    this(jvmOptions, strategies, out, DEFAULT_WARMUP_SECONDS);
  }

  /** As above, with {@code warmupSeconds} of the scenario's own events before it is measured. */
  public Bench(List<String> jvmOptions, List<Strategy> strategies, PrintWriter out, int warmupSeconds) {
    this(jvmOptions, strategies, out, warmupSeconds, 1);
  }

  /**
   * As above, each scenario run {@code repeat} times, the strategies interleaved (A B C, A B C…, so a
   * machine that drifts during the benchmark favours none), and reported as medians.
   */
  public Bench(List<String> jvmOptions, List<Strategy> strategies, PrintWriter out, int warmupSeconds, int repeat) {
    if (repeat < 1) throw new IllegalArgumentException("repeat must be 1 or more");
    this.jvmOptions = jvmOptions;
    this.strategies = List.copyOf(strategies);
    this.out = out;
    this.warmupSeconds = warmupSeconds;
    this.repeat = repeat;
  }

  private Path traceDir;

  /**
   * Also writes every delivery of each measured run to a CSV file in {@code dir} ({@link
   * DeliveryTrace}): what a p99 cannot say is when the late deliveries came.
   */
  public Bench traceDeliveries(Path dir) {
    this.traceDir = dir;
    return this;
  }

  /** Every measured run of the last {@link #run(List)}, in the order run (with --repeat, more than its rows). */
  public List<ScenarioResult> allRuns() {
    return List.copyOf(allRuns);
  }

  /** The quick grid: the targets' scenarios, small enough for a few minutes on two cores. */
  public static List<Scenario> quick(int seconds) {
    return List.of(
        Scenario.of(10, 0, 1000, 2048, seconds),
        Scenario.of(10, 1, 1000, 2048, seconds),
        Scenario.of(100, 0, 1000, 2048, seconds),
        Scenario.of(100, 10, 1000, 2048, seconds),
        Scenario.of(1000, 0, 1000, 200, seconds),
        Scenario.of(10, 0, 1000, 3072, seconds),
        Scenario.of(1, 0, 100_000, 200, seconds),
        Scenario.of(1, 0, 50_000, 200, 1),
        Scenario.burst(10, 50_000));
  }

  /** The full grid of the issue: N × K × rate × payload, plus the burst. Long. */
  public static List<Scenario> full(int seconds) {
    var list = new ArrayList<Scenario>();
    for (int n : new int[] {1, 10, 100, 1000}) {
      for (int k : new int[] {0, 1, 10}) {
        for (int rate : new int[] {100, 1000, 10000}) {
          for (int size : new int[] {200, 2048, 16384}) list.add(Scenario.of(n, k, rate, size, seconds));
        }
      }
    }
    list.add(Scenario.burst(10, 50_000));
    return list;
  }

  public List<ScenarioResult> run(List<Scenario> scenarios) throws Exception {
    try {
      return runAll(scenarios);
    } finally {
      if (display != null) display.close(); // an Xvfb of our own goes with the benchmark
      display = null;
    }
  }

  /** Where the console strategy's windows open: opened at its first run, closed after the last. */
  private ConsoleDisplay display;

  /** The display for {@code strategy}'s relay: null but for the console. */
  private String displayFor(Strategy strategy) throws IOException, InterruptedException {
    if (!strategy.opensConsole()) return null;
    if (display == null) {
      display = ConsoleDisplay.open();
      if (display.ownXvfb()) {
        out.printf("  console on Xvfb %s (%s)%n", display.name(), ConsoleDisplay.SCREEN);
        out.flush();
      }
    }
    return display.name();
  }

  private List<ScenarioResult> runAll(List<Scenario> scenarios) throws Exception {
    var results = new ArrayList<ScenarioResult>();
    if (!scenarios.isEmpty() && !strategies.isEmpty()) {
      // One unmeasured run first: whichever relay ran first in a fresh benchmark JVM lost 1.5–2.5×
      // more at 50,000/s than the same relay run again right after (the sender's thread took
      // 0.6–0.7 s of CPU in the first measured second, 0.35 s in later ones), so the order of the
      // strategies decided their ratios.
      out.printf("[priming] %s — %s (not measured)…%n", scenarios.get(0).name(), strategies.get(0).label());
      out.flush();
      run(scenarios.get(0), strategies.get(0), null);
    }
    allRuns.clear();
    int i = 0;
    for (Scenario sc : scenarios) {
      i++;
      // By position, not by strategy: a strategy listed twice (to see order effects) keeps two rows.
      var runs = new ArrayList<List<ScenarioResult>>();
      for (int k = 0; k < strategies.size(); k++) runs.add(new ArrayList<>());
      for (int r = 1; r <= repeat; r++) {
        for (int k = 0; k < strategies.size(); k++) {
          Strategy strategy = strategies.get(k);
          out.printf("[%d/%d] %s — %s%s…%n", i, scenarios.size(), sc.name(), strategy.label(),
              repeat > 1 ? " (run " + r + " of " + repeat + ")" : "");
          out.flush();
          ScenarioResult result = run(sc, strategy, traceFile(allRuns.size() + 1, sc, strategy));
          allRuns.add(result);
          runs.get(k).add(result);
        }
      }
      runs.forEach(list -> results.add(ScenarioResult.median(list)));
    }
    return results;
  }

  /** Where run {@code n}'s deliveries go, if traced: e.g. {@code 03-N-10-K-0-1000-s-3KB-relayscope.csv}. */
  private Path traceFile(int n, Scenario sc, Strategy strategy) throws IOException {
    if (traceDir == null || !strategy.forwards()) return null;
    Files.createDirectories(traceDir);
    String name = (sc.name() + "-" + strategy.label()).replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
    return traceDir.resolve(String.format(Locale.ROOT, "%02d-%s.csv", n, name));
  }

  /** One run of {@code sc} against {@code strategy}; its deliveries also to {@code traceFile} unless null. */
  ScenarioResult run(Scenario sc, Strategy strategy, Path traceFile) throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "rsbench");
    Path socket = dir.resolve("events.sock");
    var stalled = new ArrayList<SlowClient>();
    ReaderPool readers = null;
    NatsProcess nats = strategy.usesNats() ? NatsProcess.start() : null;
    RelayProcess nodeB = null;
    try (var relay = RelayProcess.start(strategy, socket, jvmOptions, natsFlags(nats, "bench-a", false), displayFor(strategy))) {
      if (strategy == Strategy.FLEET) {
        // Node B serves the clients; its own socket gets nothing: every event comes from A through NATS.
        nodeB = RelayProcess.start(strategy, dir.resolve("b.sock"), jvmOptions, natsFlags(nats, "bench-b", true));
      }
      String clientsUrl = nodeB != null ? nodeB.url : relay.url;
      readers = ReaderPool.connect(URI.create(clientsUrl), sc.healthy(), READER_THREADS, 60_000);
      String pad = "x".repeat(Math.max(0, sc.payloadBytes() - 110));
      long lost;
      try (var emitter = DatagramEmitter.connect(socket)) {
        // Seconds (two by default) of the scenario's own events first, unmeasured, so both JVMs have compiled
        // the paths this payload takes (a warm-up of small events left 2 KB frames to a cold,
        // deoptimising reader: p99 ten times worse in whichever scenario ran first). At no more than
        // 100 MB/s of fan-out: a warm-up the clients cannot take gets them evicted before the run.
        int warmupRate = warmupRate(sc);
        long warmupEvents = (long) warmupSeconds * warmupRate;
        send(emitter, warmupEvents, warmupRate, pad);
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
        send(emitter, sc.events(), sc.rate(), pad);
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
      var threads = threadsBusiest(threads0, relay.threadCpuSeconds());
      var machine = MachineCpu.between(machine0, MachineCpu.now());
      if (nats != null) reportNats(relay.url, strategy);
      if (strategy == Strategy.NATS_STOPPED) nats.resume();
      double benchCpu = RelayProcess.cpuSeconds(self) - benchCpu0;
      var benchThreads = threadsBusiest(benchThreads0, RelayProcess.threadCpuSeconds(self));
      double elapsed = (lastDelivery - t0) / 1e9;
      Histogram all = readers.latency.getIntervalHistogram();
      long min = readers.minEvents();
      long total = readers.totalEvents();
      int closed = readers.closed();
      var closeCauses = readers.closeCauses();
      // When Relayscope evicted the stalled clients, by its own clock, read once the traffic is over:
      // polling /metrics during the run cost the relay enough to show in the healthy clients' p99.
      double evictedAfter = !strategy.isRelayscope() || stalled.isEmpty() ? -1
          : evictionSeconds(clientsUrl, stalled.size(), t0Millis);
      if (strategy.isRelayscope()) reportWriteSweep(clientsUrl);
      double rss = relay.peakRssMb();
      double frames = total / Math.max(elapsed, sendSeconds);
      boolean timed = all.getTotalCount() > 0; // the floor delivers nothing: no latency (-1), not 0 ms
      return new ScenarioResult(sc, strategy.label(), sc.events(), lost, sc.events() / sendSeconds,
          timed ? ms(all.getValueAtPercentile(50)) : -1, timed ? ms(all.getValueAtPercentile(99)) : -1,
          timed ? ms(all.getValueAtPercentile(99.9)) : -1, timed ? ms(all.getMaxValue()) : -1,
          min, readers.size() == 0 ? 0 : (double) total / readers.size(), closed,
          evictedAfter, cpu, rss, benchCpu, frames, frames * sc.payloadBytes() / 1e6, threads, benchThreads, closeCauses, machine, relayCost,
          new StartCost((t0 - relay.startedNanos()) / 1e9, cpu0, compilerSeconds(threads0)), 1);
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

  /** CPU each thread used between two readings, busiest first; threads under 10 ms (one /proc tick) left out. */
  static Map<String, Double> threadsBusiest(Map<String, Double> before, Map<String, Double> after) {
    var used = new ArrayList<Map.Entry<String, Double>>();
    after.forEach((name, s) -> {
      double d = s - before.getOrDefault(name, 0.0);
      if (d >= 0.0099) used.add(Map.entry(name, Math.round(d * 100) / 100.0));
    });
    used.sort(Map.Entry.<String, Double>comparingByValue().reversed());
    var out = new LinkedHashMap<String, Double>();
    for (var e : used) out.put(e.getKey(), e.getValue());
    return out;
  }

  /** Where each relay's CPU, and the benchmark's, went during each scenario, by thread, as {@code name s} pairs. */
  public static String threadTable(List<ScenarioResult> results) {
    var sb = new StringBuilder("CPU by thread over the measured window (s), the relay's, then the benchmark's own (sender \"java\", clients),\n"
        + "then the whole machine's (every process and the kernel; steal: taken by the hypervisor):\n");
    for (ScenarioResult x : results) {
      sb.append(String.format(Locale.ROOT, "%-26s %-13s", x.scenario().name(), x.strategy()));
      x.relayThreadCpuSeconds().forEach((name, s) -> sb.append(String.format(Locale.ROOT, "  %s %.2f", name, s)));
      // Summed by what the threads are for: with the console open, the relay's share beside the window's.
      sb.append(String.format(Locale.ROOT, "%n%-26s %-13s  %s", "", "  (by use)", ThreadGroups.describe(x.relayThreadCpuSeconds())));
      sb.append(String.format(Locale.ROOT, "%n%-26s %-13s", "", "  (bench)"));
      x.benchThreadCpuSeconds().forEach((name, s) -> sb.append(String.format(Locale.ROOT, "  %s %.2f", name, s)));
      sb.append(String.format(Locale.ROOT, "%n%-26s %-13s  %s%n", "", "  (machine)", x.machineCpu().describe()));
    }
    return sb.toString();
  }

  /** Relayscope's flags for a fleet strategy: none without NATS. */
  private static List<String> natsFlags(NatsProcess nats, String node, boolean source) {
    if (nats == null) return List.of();
    var flags = new ArrayList<>(List.of("--nats", nats.url, "--node", node));
    if (source) flags.addAll(List.of("--nats-source", "relayscope.events.bench-a.>", "--nats-source-start", "new"));
    return flags;
  }

  /**
   * How often the relay found a connection with bytes queued and no write armed (a wake-up the
   * WebSocket library lost; without the sweep each one held a client's frames until its next ping).
   */
  private void reportWriteSweep(String wsUrl) {
    String body = metrics(wsUrl);
    if (body == null) return;
    out.printf(Locale.ROOT, "  write wake-ups restored by the sweep: %.0f; closes ended: %.0f%n",
        gauge(body, "relayscope_write_wakeups_restored_total"), gauge(body, "relayscope_closes_ended_total"));
    out.flush();
  }

  /** What node A did with NATS during the run, from its /metrics (the NATS server resumed first, if stopped). */
  private void reportNats(String wsUrl, Strategy strategy) {
    String body = metrics(wsUrl);
    if (body == null) return;
    out.printf(Locale.ROOT, "  node A (%s): nats connected %.0f, published %.0f, buffered %.0f, lost %.0f%n", strategy.label(),
        gauge(body, "relayscope_nats_connected"), gauge(body, "relayscope_nats_events_published_total"),
        gauge(body, "relayscope_nats_events_buffered"), gauge(body, "relayscope_nats_events_lost_total"));
    out.flush();
  }

  /**
   * Sends {@code count} events at {@code rate} a second (0: as fast as it can): the warm-up and the
   * measured run alike.
   */
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
      send(emitter, sc.rate(), sc.rate(), pad);
      sent += sc.rate();
      seconds++;
      double now = relay.compilerSeconds();
      boolean idle = now - compiled < COMPILER_IDLE_SECONDS;
      compiled = now;
      if ((idle && seconds >= warmupSeconds) || System.nanoTime() - start > QUIET_MAX_NANOS) break;
    }
    return sent;
  }

  /** A second of traffic in which the compilers used less than this counts as compiled (/proc counts 10 ms ticks). */
  static final double COMPILER_IDLE_SECONDS = 0.02;

  /** The JIT compiler threads' CPU seconds so far, from {@link RelayProcess#threadCpuSeconds()}; -1 without /proc. */
  static double compilerSeconds(Map<String, Double> threads) {
    if (threads.isEmpty()) return -1;
    double s = 0;
    for (var e : threads.entrySet()) if (ThreadGroups.groupOf(e.getKey()).equals("jit")) s += e.getValue();
    return s;
  }

  private static void send(DatagramEmitter emitter, long count, int rate, String pad) throws IOException {
    long t0 = System.nanoTime();
    for (int n = 0; n < count; n++) {
      if (rate > 0) pace(t0 + n * 1_000_000_000L / rate);
      emitter.send(event(n, pad));
    }
  }

  /**
   * Waits for {@code due} (System.nanoTime) by parking, never spinning: a spinning sender would take
   * one of the two cores from the relay and its clients. Parking overshoots by tens of microseconds;
   * the schedule is absolute, so the rate holds and a late event goes out with the next one.
   */
  static void pace(long due) {
    long wait;
    while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
  }

  /** Event {@code n} of the scenario, stamped with its send time for the clients. */
  static byte[] event(int n, String pad) {
    return ("{\"machine_name\":\"bench\",\"type\":\"activity_log\",\"payload\":{\"n\":" + n + "," + ReaderPool.MARK
        + System.nanoTime() + ",\"pad\":\"" + pad + "\"}}").getBytes(StandardCharsets.UTF_8);
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

  /** The relay counts as quiet below this share of one core, measured over 200 ms. */
  static final double QUIET_CPU_SHARE = 0.05;
  /** How long the bench waits at most for a relay to fall quiet after its warm-up. */
  static final long QUIET_MAX_NANOS = TimeUnit.SECONDS.toNanos(20);
  /** The longest wait for the compilers after that. */
  static final long COMPILERS_MAX_NANOS = TimeUnit.SECONDS.toNanos(60);

  /**
   * Events per second of warm-up: 20,000/s (or the scenario's own rate if faster), or 100 MB/s
   * fanned out if that is less, so that the per-event paths get past the JIT's thresholds (C2 compiles a
   * method after some 10,000–15,000 calls) before anything is measured. At the scenario's rate, 15 s
   * of warm-up at 1,000/s left the compiler 0.3–0.45 s of a 50,000/s second's relay CPU, and 10 s
   * left it 0.28 s of a 3 s window at 1,000/s.
   */
  static final int WARMUP_MAX_RATE = 20_000;

  static int warmupRate(Scenario sc) {
    double byBandwidth = 100e6 / ((double) Math.max(1, sc.healthy()) * sc.payloadBytes());
    // A faster scenario warms up at its own rate (the burst at 50,000/s): its paths differ again
    // (fuller rounds, bigger write batches), and C2 compiled them during the measured second.
    int rate = sc.rate() > 0 ? Math.max(WARMUP_MAX_RATE, sc.rate()) : Math.max(WARMUP_MAX_RATE, 50_000);
    return (int) Math.max(10, Math.min(rate, byBandwidth));
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * Seconds from {@code t0Millis} to the last of {@code stalled} evictions, from Relayscope's
   * /metrics (waiting up to 10 s for them); -1 if they did not all happen.
   */
  private static double evictionSeconds(String wsUrl, int stalled, long t0Millis) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    do {
      String body = metrics(wsUrl);
      if (body != null && gauge(body, "relayscope_clients_evicted_total") >= stalled) {
        return (gauge(body, "relayscope_last_eviction_timestamp_seconds") * 1000 - t0Millis) / 1000.0;
      }
      LockSupport.parkNanos(100_000_000);
    } while (System.nanoTime() < deadline);
    return -1;
  }

  private static double gauge(String metrics, String name) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1).trim());
    }
    return -1;
  }

  private static String metrics(String wsUrl) {
    try {
      String base = wsUrl.replace("ws://", "http://").replace("/ws/events", "");
      return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /**
   * The results as a table: per scenario, one row per strategy (Relayscope as shipped first), then
   * each other strategy's lost/p50/p99 as a ratio to Relayscope's (above 1× means Relayscope did better).
   */
  public static String table(List<ScenarioResult> results) {
    var sb = new StringBuilder();
    int runs = results.isEmpty() ? 1 : results.get(0).runs();
    if (runs > 1) sb.append("Each figure is the median of ").append(runs).append(" interleaved runs.\n");
    sb.append(String.format(Locale.ROOT, "%-26s %-13s %9s %9s %9s %9s %9s %8s %6s %10s %8s %8s %9s %9s%n", "scenario", "strategy", "lost",
        "p50 ms", "p99 ms", "p999 ms", "max ms", "min/N", "closed", "evict s", "cpu s", "rss MB", "bench cpu", "frames/s"));
    var byScenario = new LinkedHashMap<Scenario, List<ScenarioResult>>();
    for (ScenarioResult x : results) byScenario.computeIfAbsent(x.scenario(), k -> new ArrayList<>()).add(x);
    for (var rows : byScenario.values()) {
      ScenarioResult r = rows.get(0);
      for (ScenarioResult x : rows) {
        sb.append(String.format(Locale.ROOT, "%-26s %-13s %9d %9s %9s %9s %9s %8d %6d %10s %8.2f %8.0f %9.2f %9.0f%n",
            x == r ? r.scenario().name() : "", x.strategy(), x.lostAtSender(), millis(x.p50Ms(), "%.2f"), millis(x.p99Ms(), "%.2f"),
            millis(x.p999Ms(), "%.2f"), millis(x.maxMs(), "%.1f"),
            x.deliveredMinPerHealthy(), x.healthyClosed(), x.evictionSeconds() < 0 ? "—" : String.format(Locale.ROOT, "%.2f", x.evictionSeconds()),
            x.relayCpuSeconds(), x.relayPeakRssMb(), x.benchCpuSeconds(), x.framesPerSecond()));
      }
      for (ScenarioResult b : rows.subList(1, rows.size())) {
        sb.append(String.format(Locale.ROOT, "%-26s %-13s %9s %9s %9s%n", "", b.strategy() + "/" + r.strategy(),
            ratio(b.lostAtSender(), r.lostAtSender()), ratio(b.p50Ms(), r.p50Ms()), ratio(b.p99Ms(), r.p99Ms())));
      }
    }
    // A healthy client that was closed is a finding, not a footnote: say why, as the client heard it.
    for (ScenarioResult x : results) {
      if (x.healthyCloseCauses().isEmpty()) continue;
      sb.append(String.format(Locale.ROOT, "healthy clients closed, %s, %s%s:", x.scenario().name(), x.strategy(),
          x.runs() > 1 ? " (all " + x.runs() + " runs)" : ""));
      x.healthyCloseCauses().forEach((cause, n) -> sb.append(String.format(Locale.ROOT, " %d× %s;", n, cause)));
      sb.setLength(sb.length() - 1);
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * What each event cost the relay (node A's, for the fleet): CPU per event taken in and per delivery,
   * context switches and system calls per event, over the measured window.
   */
  public static String costTable(List<ScenarioResult> results) {
    var sb = new StringBuilder("Cost per event to the relay over the measured window (CPU user+system; switches: every thread's,\n"
        + "from /proc; system calls: perf stat, \"—\" without perf; jit s: the compiler threads' share of it, near 0\n"
        + "once the warm-up has compiled the paths; start: the relay's CPU from launch through the warm-up, and the\n"
        + "compilers' part of it, what a fresh relay pays first):\n");
    sb.append(String.format(Locale.ROOT, "%-26s %-13s %12s %12s %12s %12s %8s %16s%n", "scenario", "strategy", "cpu µs/event",
        "µs/delivery", "switch/event", "syscall/event", "jit s", "start cpu (jit) s"));
    Scenario last = null;
    for (ScenarioResult x : results) {
      StartCost start = x.start() == null ? StartCost.UNKNOWN : x.start();
      String startCpu = start.cpuSeconds() < 0 ? "—"
          : String.format(Locale.ROOT, "%.2f (%s)", start.cpuSeconds(), figure(start.compilerSeconds(), "%.2f"));
      sb.append(String.format(Locale.ROOT, "%-26s %-13s %12s %12s %12s %12s %8s %16s%n", x.scenario() == last ? "" : x.scenario().name(),
          x.strategy(), figure(x.cpuMicrosPerEvent(), "%.1f"), figure(x.cpuMicrosPerDelivery(), "%.2f"),
          figure(x.switchesPerEvent(), "%.2f"), figure(x.syscallsPerEvent(), "%.1f"), figure(x.compilerCpuSeconds(), "%.2f"),
          startCpu));
      last = x.scenario();
    }
    return sb.toString();
  }

  private static String figure(double v, String format) {
    return v < 0 ? "—" : String.format(Locale.ROOT, format, v);
  }

  /** A latency for the table; "—" where there is none (the floor delivers nothing). */
  private static String millis(double ms, String format) {
    return ms < 0 ? "—" : String.format(Locale.ROOT, format, ms);
  }

  private static String ratio(double baseline, double relayscope) {
    if (baseline < 0 || relayscope < 0) return "—";
    if (relayscope == 0) return baseline == 0 ? "1.0×" : "∞";
    return String.format(Locale.ROOT, "%.1f×", baseline / relayscope);
  }

  public static void writeJson(List<ScenarioResult> results, Path file) throws IOException {
    writeJson(results, List.of(), file);
  }

  /** As above, with every run behind the medians ({@code runs}, left out when there were no repeats). */
  public static void writeJson(List<ScenarioResult> results, List<ScenarioResult> runs, Path file) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("date", java.time.OffsetDateTime.now().toString());
    root.put("cpus", Runtime.getRuntime().availableProcessors());
    root.put("java", System.getProperty("java.version"));
    root.put("results", results);
    if (runs.size() > results.size()) root.put("runs", runs);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
  }
}
