package io.relayscope.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What a relay costs while nothing happens: each strategy in its own JVM with {@value #READERS}
 * readers connected and no events, measured over a window after it has settled (its start-up
 * compilation done). Timers, keepalive and monitor ticks are all that run: the cost of being there.
 */
public final class IdleProbe {
  static final int READERS = 5;
  private static final long SETTLE_NANOS = 5_000_000_000L;

  /** One strategy idle: CPU as a share of one core, wake-ups and system calls a second (-1: unknown). */
  public record Idle(String strategy, double seconds, double cpuShare, double switchesPerSecond, double syscallsPerSecond,
      Map<String, Double> threadCpuSeconds) {}

  private final List<String> jvmOptions;
  private final PrintWriter out;

  public IdleProbe(List<String> jvmOptions, PrintWriter out) {
    this.jvmOptions = jvmOptions;
    this.out = out;
  }

  public List<Idle> run(List<Strategy> strategies, int seconds) throws IOException, InterruptedException {
    var results = new ArrayList<Idle>();
    ConsoleDisplay display = null;
    try {
      for (Strategy s : strategies) {
        if (!s.forwards() || s.usesNats()) continue; // the floor has no clients; the fleet's idle is NATS's too
        if (s.opensConsole() && display == null) display = ConsoleDisplay.open();
        out.printf(Locale.ROOT, "idle, %s: %d readers, no events, %d s%n", s.label(), READERS, seconds);
        out.flush();
        results.add(run(s, seconds, s.opensConsole() ? display.name() : null));
      }
    } finally {
      if (display != null) display.close();
    }
    return results;
  }

  private Idle run(Strategy strategy, int seconds, String display) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "rsidle");
    try (var relay = RelayProcess.start(strategy, dir.resolve("events.sock"), jvmOptions, List.of(), display);
        var readers = ReaderPool.connect(URI.create(relay.url), READERS, 1, 30_000)) {
      LockSupport.parkNanos(SETTLE_NANOS);
      relay.awaitQuiet(0.02, 20_000_000_000L);
      relay.awaitCompilersQuiet(0.02, 60_000_000_000L); // the console compiles JavaFX for a minute and more
      var cost = ProcessCost.start(relay.pid());
      double cpu0 = relay.cpuSeconds();
      var threads0 = relay.threadCpuSeconds();
      long t0 = System.nanoTime();
      LockSupport.parkNanos(seconds * 1_000_000_000L);
      double cpu = relay.cpuSeconds() - cpu0;
      ProcessCost c = cost.stop();
      double elapsed = (System.nanoTime() - t0) / 1e9;
      return new Idle(strategy.label(), elapsed, cpu / elapsed, c.contextSwitches() < 0 ? -1 : c.contextSwitches() / elapsed,
          c.syscalls() < 0 ? -1 : c.syscalls() / elapsed, ThreadCpu.busiest(threads0, relay.threadCpuSeconds()));
    } finally {
      TempTree.delete(dir);
    }
  }

  public static String table(List<Idle> results) {
    var sb = new StringBuilder(String.format(Locale.ROOT, "Idle: %d readers connected, no events (CPU: share of one core)%n", READERS));
    sb.append(String.format(Locale.ROOT, "%-14s %8s %10s %12s %12s%n", "strategy", "seconds", "cpu %", "switches/s", "syscalls/s"));
    for (Idle i : results) {
      sb.append(String.format(Locale.ROOT, "%-14s %8.0f %10.2f %12s %12s%n", i.strategy(), i.seconds(), i.cpuShare() * 100,
          i.switchesPerSecond() < 0 ? "—" : String.format(Locale.ROOT, "%.0f", i.switchesPerSecond()),
          i.syscallsPerSecond() < 0 ? "—" : String.format(Locale.ROOT, "%.0f", i.syscallsPerSecond())));
    }
    sb.append("CPU by thread (s, threads over 10 ms):\n");
    for (Idle i : results) {
      sb.append(String.format(Locale.ROOT, "%-14s", i.strategy()));
      i.threadCpuSeconds().forEach((name, sec) -> sb.append(String.format(Locale.ROOT, "  %s %.2f", name, sec)));
      sb.append(String.format(Locale.ROOT, "%n%-14s  (by use) %s%n", "", ThreadGroups.describe(i.threadCpuSeconds())));
    }
    return sb.toString();
  }
}
