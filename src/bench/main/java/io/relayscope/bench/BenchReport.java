package io.relayscope.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's results as the tables it prints, and as the JSON file it writes. */
public final class BenchReport {
  private BenchReport() {}

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

  /** The results, and every run behind their medians ({@code runs}, left out when there were no repeats), as JSON. */
  public static void writeJson(List<ScenarioResult> results, List<ScenarioResult> runs, Path file) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("date", OffsetDateTime.now().toString());
    root.put("cpus", Runtime.getRuntime().availableProcessors());
    root.put("java", System.getProperty("java.version"));
    root.put("results", results);
    if (runs.size() > results.size()) root.put("runs", runs);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
  }
}
