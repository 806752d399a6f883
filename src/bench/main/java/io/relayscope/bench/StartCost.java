package io.relayscope.bench;

/**
 * What the relay cost from its launch to the start of the measured window: JVM start, clients
 * connecting and the warm-up. Beside the steady cost per event it shows what a fresh relay pays
 * first, mostly compilation.
 *
 * @param seconds wall-clock seconds from launch to the measured window
 * @param cpuSeconds the relay's CPU (user+system) in that time
 * @param compilerSeconds of which its JIT compiler threads'; -1 without /proc
 */
public record StartCost(double seconds, double cpuSeconds, double compilerSeconds) {
  public static final StartCost UNKNOWN = new StartCost(-1, -1, -1);
}
