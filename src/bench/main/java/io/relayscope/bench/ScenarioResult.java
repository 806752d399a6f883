package io.relayscope.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * What one scenario measured for one strategy. Latencies in ms; -1 where not applicable.
 * {@code sentPerSecond} is the rate the sender achieved (for the burst: how fast "as fast as
 * possible" was).
 * {@code benchCpuSeconds} is the benchmark's own process (sender and clients) over the same window:
 * on a small machine the relay and its clients share the cores. {@code healthyClosed} counts healthy
 * clients whose connection ended during the run (the relay evicts a client that cannot keep up).
 * {@code relayThreadCpuSeconds}: the relay's CPU over the window by thread name (from /proc), busiest
 * first, threads under 10 ms left out: where the relay's time went; {@code benchThreadCpuSeconds} the
 * same of the benchmark's own process. {@code healthyCloseCauses}: why healthy clients' connections
 * ended (close code and reason as the client saw them, or the failure), with how many, over all the
 * runs behind the row. {@code machineCpu}: the whole machine's CPU over the window (every process and
 * the kernel), of the run with the median loss in a row of medians; {@code relayCost} the relay's
 * context switches and system calls over the window (of that run too). {@code runs}: how many interleaved
 * runs this row is the median of (1: a single run).
 */
public record ScenarioResult(
    Scenario scenario,
    String strategy,
    long sent,
    long lostAtSender,
    double sentPerSecond,
    double p50Ms,
    double p99Ms,
    double p999Ms,
    double maxMs,
    long deliveredMinPerHealthy,
    double deliveredMeanPerHealthy,
    int healthyClosed,
    double evictionSeconds,
    double relayCpuSeconds,
    double relayPeakRssMb,
    double benchCpuSeconds,
    double framesPerSecond,
    double megabytesPerSecond,
    Map<String, Double> relayThreadCpuSeconds,
    Map<String, Double> benchThreadCpuSeconds,
    Map<String, Integer> healthyCloseCauses,
    MachineCpu machineCpu,
    ProcessCost relayCost,
    StartCost start,
    int runs) {

  /**
   * Each figure the median of {@code runs}' (of one scenario and strategy): on two shared cores one run's
   * p99 is often decided by a single stall, and its losses by one late wake-up. By-thread and machine
   * CPU are the run with the median loss's.
   */
  static ScenarioResult median(List<ScenarioResult> runs) {
    if (runs.size() == 1) return runs.get(0);
    ScenarioResult first = runs.get(0);
    var byLost = new ArrayList<>(runs);
    byLost.sort(Comparator.comparingLong(ScenarioResult::lostAtSender));
    ScenarioResult middle = byLost.get(byLost.size() / 2);
    return new ScenarioResult(first.scenario(), first.strategy(), first.sent(),
        Math.round(median(runs, ScenarioResult::lostAtSender)), median(runs, ScenarioResult::sentPerSecond),
        median(runs, ScenarioResult::p50Ms), median(runs, ScenarioResult::p99Ms), median(runs, ScenarioResult::p999Ms),
        median(runs, ScenarioResult::maxMs), Math.round(median(runs, ScenarioResult::deliveredMinPerHealthy)),
        median(runs, ScenarioResult::deliveredMeanPerHealthy), (int) Math.round(median(runs, ScenarioResult::healthyClosed)),
        median(runs, ScenarioResult::evictionSeconds), median(runs, ScenarioResult::relayCpuSeconds),
        median(runs, ScenarioResult::relayPeakRssMb), median(runs, ScenarioResult::benchCpuSeconds),
        median(runs, ScenarioResult::framesPerSecond), median(runs, ScenarioResult::megabytesPerSecond),
        middle.relayThreadCpuSeconds(), middle.benchThreadCpuSeconds(), closeCauses(runs), middle.machineCpu(),
        middle.relayCost(), middle.start(), runs.size());
  }

  /** Events the relay took in: what was sent less what the sender lost. */
  public long accepted() {
    return sent - lostAtSender;
  }

  /** Relay CPU per event taken in, in microseconds. */
  public double cpuMicrosPerEvent() {
    return accepted() == 0 ? -1 : relayCpuSeconds * 1e6 / accepted();
  }

  /**
   * The relay's JIT compiler threads' CPU in the measured window, in seconds: near 0 once its paths are
   * compiled; more means the figures include compilation, not the steady cost. -1 without /proc.
   */
  public double compilerCpuSeconds() {
    return relayThreadCpuSeconds == null ? -1 : ThreadCpu.compilerSeconds(relayThreadCpuSeconds);
  }

  /** Relay CPU per delivery (one event to one healthy reader), in microseconds; -1 where nothing was delivered. */
  public double cpuMicrosPerDelivery() {
    double deliveries = deliveredMeanPerHealthy * scenario.healthy();
    return deliveries < 1 ? -1 : relayCpuSeconds * 1e6 / deliveries;
  }

  /** The relay's context switches per event taken in; -1 unknown. */
  public double switchesPerEvent() {
    return relayCost.contextSwitches() < 0 || accepted() == 0 ? -1 : (double) relayCost.contextSwitches() / accepted();
  }

  /** The relay's system calls per event taken in; -1 unknown (no perf). */
  public double syscallsPerEvent() {
    return relayCost.syscalls() < 0 || accepted() == 0 ? -1 : (double) relayCost.syscalls() / accepted();
  }

  /** Every run's close causes, counted together: a client closed in one run of three is not a median's to hide. */
  private static Map<String, Integer> closeCauses(List<ScenarioResult> runs) {
    var all = new TreeMap<String, Integer>();
    for (ScenarioResult r : runs) r.healthyCloseCauses().forEach((cause, n) -> all.merge(cause, n, Integer::sum));
    return all;
  }

  /** The middle value; for an even count, the mean of the two middle ones. */
  private static double median(List<ScenarioResult> runs, ToDoubleFunction<ScenarioResult> figure) {
    double[] v = runs.stream().mapToDouble(figure).sorted().toArray();
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }
}
