package io.relayscope.bench;

/**
 * What one scenario measured for one strategy. Latencies in ms; -1 where not applicable.
 * {@code sentPerSecond} is the rate the sender achieved (for the burst: how fast "as fast as
 * possible" was).
 * {@code benchCpuSeconds} is the benchmark's own process (sender and clients) over the same window:
 * on a small machine the relay and its clients share the cores. {@code healthyClosed} counts healthy
 * clients whose connection ended during the run (the relay evicts a client that cannot keep up).
 * {@code relayThreadCpuSeconds}: the relay's CPU over the window by thread name (from /proc), busiest
 * first, threads under 10 ms left out: where the relay's time went; {@code benchThreadCpuSeconds} the
 * same of the benchmark's own process.
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
    java.util.Map<String, Double> relayThreadCpuSeconds,
    java.util.Map<String, Double> benchThreadCpuSeconds) {}
