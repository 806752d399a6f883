package io.relayscope.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end scenarios on loopback, through real sockets, each run against Relayscope as shipped
 * (journal on), Relayscope without its journal, and the seed's two designs (the sequential 2 s-timeout
 * broadcast and the single-threaded asyncio loop), all in the same invocation: the scenarios ×
 * strategies × repeats, each run a {@link ScenarioRun}, reported as medians ({@link BenchReport}).
 */
public final class Bench {
  private final List<Strategy> strategies;
  private final PrintWriter out;
  private final int repeat;
  private final ScenarioRun runner;
  private final List<ScenarioResult> allRuns = new ArrayList<>();
  private Path traceDir;
  /** Where the console strategy's windows open: opened at its first run, closed after the last. */
  private ConsoleDisplay display;

  /**
   * {@code strategies}: what each scenario runs against, Relayscope as shipped first; {@code warmupSeconds}
   * of the scenario's own events before it is measured; each scenario run {@code repeat} times, the
   * strategies interleaved (A B C, A B C…, so a machine that drifts during the benchmark favours none),
   * and reported as medians.
   */
  public Bench(List<String> jvmOptions, List<Strategy> strategies, PrintWriter out, int warmupSeconds, int repeat) {
    if (repeat < 1) throw new IllegalArgumentException("repeat must be 1 or more");
    this.strategies = List.copyOf(strategies);
    this.out = out;
    this.repeat = repeat;
    this.runner = new ScenarioRun(jvmOptions, out, warmupSeconds);
  }

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
      runner.run(scenarios.get(0), strategies.get(0), null, displayFor(strategies.get(0)));
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
          ScenarioResult result = runner.run(sc, strategy, traceFile(allRuns.size() + 1, sc, strategy), displayFor(strategy));
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
}
