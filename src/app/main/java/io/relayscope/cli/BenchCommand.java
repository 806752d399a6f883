package io.relayscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.bench.Bench;
import io.relayscope.bench.BenchReport;
import io.relayscope.bench.ConsoleDisplay;
import io.relayscope.bench.DetectionProbe;
import io.relayscope.bench.IdleProbe;
import io.relayscope.bench.Scenario;
import io.relayscope.bench.Strategy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** End-to-end benchmark: Relayscope against the seed's sequential broadcast, same scenarios, same run. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
    description = {"Run end-to-end scenarios on loopback against Relayscope and against the October 2025 baseline",
        "(each client in turn, 2 s timeout each), and report them side by side."})
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--full", description = "The whole grid (N × K × rate × payload): long. Default: the quick grid.")
  boolean full;

  @Option(names = "--scenario", paramLabel = "N,K,RATE,BYTES",
      description = "Run only this scenario (repeatable), e.g. 1000,0,1000,200 for 1,000 clients at 1,000/s of 200 B.")
  List<String> only = new ArrayList<>();

  @Option(names = "--seconds", defaultValue = "5", description = "Seconds of traffic per scenario (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "2",
      description = "Seconds of unmeasured traffic (the scenario's own events, at up to 20,000/s) before each scenario, "
          + "so the relays' JIT has compiled their paths (default: ${DEFAULT-VALUE}).")
  int warmupSeconds;

  @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
      description = "Run each scenario N times, the strategies interleaved, and report medians (every run is in the "
          + "JSON). On a small machine one run's p99 can hang on a single stall (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--threads", description = "Also print each relay's CPU by thread over the measured window (always in the JSON).")
  boolean threads;

  @Option(names = "--trace-dir", paramLabel = "DIR",
      description = "Also write every delivery of each measured run (sent_ms,latency_ms,client) to a CSV file in DIR, "
          + "and sum up when the late ones came (stall episodes), which a p99 cannot say.")
  Path traceDir;

  @Option(names = "--out", defaultValue = "target/bench.json", description = "JSON results (default: ${DEFAULT-VALUE}).")
  Path outFile;

  @Option(names = "--strategy", paramLabel = "NAME", split = ",",
      description = "What each scenario runs against, in order (default: relayscope,no-journal,sequential,single-thread,"
          + "receive-only): relayscope as shipped (journal on), relayscope --no-journal, the seed's sequential 2 s design, "
          + "the seed's single-threaded asyncio design, and the floor: that design's receive loop forwarding nothing "
          + "(what any relay here loses at least). Also: console (the no-journal relay with its window open, software "
          + "pipeline, on DISPLAY or an Xvfb of its own), fleet, nats, nats-stopped. Ratios are against the first.")
  List<String> strategies = new ArrayList<>(List.of("relayscope", "no-journal", "sequential", "single-thread", "receive-only"));

  @Option(names = "--detection",
      description = "Instead of the scenarios: how soon a local reader that stops reading is flagged NOT READING, "
          + "against the probe's own ground truth (the first event it did not read), at 200/s × 3 KB and 3/s × 200 B.")
  boolean detection;

  @Option(names = "--idle", paramLabel = "SECONDS",
      description = "Instead of the scenarios: each strategy's CPU, wake-ups and system calls with 5 readers connected and "
          + "no events, over SECONDS once it has settled (the goal: under 0.5 %% of a core; the console: under 1 %%).")
  Integer idleSeconds;

  @Option(names = "--trials", paramLabel = "N", defaultValue = "10",
      description = "With --detection: stalls per shape (default: ${DEFAULT-VALUE}).")
  int trials;

  @Option(names = "--seed", defaultValue = "1", description = "With --detection: the seed of when each reader stops (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--jvm-options", defaultValue = "-XX:+UseShenandoahGC -Xmx1g -XX:SoftMaxHeapSize=384m -XX:+ExitOnOutOfMemoryError",
      description = "JVM options of the relays under test (default: ${DEFAULT-VALUE}, as shipped).")
  String jvmOptions;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (seconds < 1) throw bad("--seconds must be 1 or more");
    List<Scenario> scenarios = full ? Bench.full(seconds) : Bench.quick(seconds);
    if (!only.isEmpty()) {
      scenarios = new ArrayList<>();
      for (String given : only) scenarios.add(scenario(given));
    }
    var chosen = new ArrayList<Strategy>();
    for (String name : strategies) {
      try {
        chosen.add(Strategy.of(name.trim()));
      } catch (IllegalArgumentException e) {
        throw bad("--strategy: " + e.getMessage());
      }
    }
    if (chosen.contains(Strategy.CONSOLE) && !detection) {
      String why = ConsoleDisplay.problem();
      if (why != null) throw bad("--strategy console: " + why);
    }
    if (warmupSeconds < 0) throw bad("--warmup must be 0 or more seconds");
    if (repeat < 1) throw bad("--repeat must be 1 or more");
    // Before anything runs: a path the results cannot go to must not cost the whole benchmark first.
    if (Files.isDirectory(outFile)) throw bad("--out " + outFile + ": is a directory");
    writableDirectory("--out " + outFile, outFile.toAbsolutePath().getParent());
    if (detection) return detection(out);
    if (idleSeconds != null) return idle(out, chosen);
    if (traceDir != null) writableDirectory("--trace-dir " + traceDir, traceDir.toAbsolutePath());
    var bench = new Bench(List.of(jvmOptions.trim().split("\\s+")), chosen, out, warmupSeconds, repeat).traceDeliveries(traceDir);
    var results = bench.run(scenarios);
    out.println();
    out.print(BenchReport.table(results));
    out.println();
    out.print(BenchReport.costTable(results));
    if (threads) out.print(BenchReport.threadTable(results));
    BenchReport.writeJson(results, bench.allRuns(), outFile);
    out.println("results: " + outFile);
    out.flush();
    return 0;
  }

  private int idle(PrintWriter out, List<Strategy> chosen) throws Exception {
    if (idleSeconds < 1) throw bad("--idle must be 1 or more seconds");
    var results = new IdleProbe(List.of(jvmOptions.trim().split("\\s+")), out).run(chosen, idleSeconds);
    out.println();
    out.print(IdleProbe.table(results));
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(outFile.toFile(),
        Map.of("idle", results));
    out.println("results: " + outFile);
    out.flush();
    return 0;
  }

  private int detection(PrintWriter out) throws Exception {
    if (trials < 1) throw bad("--trials must be 1 or more");
    var probe = new DetectionProbe(List.of(jvmOptions.trim().split("\\s+")), out, trials, seed);
    var results = probe.run(DetectionProbe.SHAPES);
    out.println();
    out.print(DetectionProbe.table(results));
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(outFile.toFile(),
        Map.of("detection", results, "seed", seed));
    out.println("results: " + outFile);
    out.flush();
    return 0;
  }

  /** One {@code --scenario N,K,RATE,BYTES}, or a one-line reason it is not one. */
  private Scenario scenario(String given) {
    String[] f = given.split(",", -1);
    int[] v = new int[f.length];
    try {
      for (int i = 0; i < f.length; i++) v[i] = Integer.parseInt(f[i].trim());
    } catch (NumberFormatException e) {
      v = null;
    }
    if (v == null || v.length != 4 || v[0] < 0 || v[1] < 0 || v[2] < 1 || v[3] < 0) {
      throw bad("--scenario wants N,K,RATE,BYTES (whole numbers; RATE 1 or more a second), got " + given);
    }
    return Scenario.custom(v[0], v[1], v[2], v[3], seconds);
  }

  /** Creates {@code dir} if need be, or says in one line (as {@code what}) why the results cannot go there. */
  private void writableDirectory(String what, Path dir) {
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) throw bad(what + ": not a directory (" + p + " is a file)");
        break;
      }
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw bad(what + ": cannot create " + dir + " (" + e + ")");
    }
    if (!Files.isWritable(dir)) throw bad(what + ": " + dir + " is not writable");
  }

  private ParameterException bad(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
