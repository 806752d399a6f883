package io.relayscope.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The whole machine's CPU over a measured window, from {@code /proc/stat}: every process and the
 * kernel's own work (interrupts, writeback), which the relay's and the benchmark's process times
 * leave out. {@code stealSeconds} is time the hypervisor gave this VM's cores to someone else. On a
 * small machine it says how much room the relay had: a floor that loses datagrams with the cores
 * {@code busySeconds / (cores × windowSeconds)} busy is the machine's limit, not the relay's.
 */
public record MachineCpu(double busySeconds, double stealSeconds, double windowSeconds, int cores) {
  /** Linux's USER_HZ, the unit of /proc/stat (100 on every architecture the relay ships for). */
  private static final double TICKS_PER_SECOND = 100.0;

  /** Where there is no /proc. */
  public static final MachineCpu UNKNOWN = new MachineCpu(-1, -1, 0, 0);

  /** The machine's idle and steal counters at one moment. */
  record Reading(long nanos, long idleTicks, long stealTicks) {}

  /** The counters now, or null where there is no /proc/stat. */
  static Reading now() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
        if (!line.startsWith("cpu ")) continue;
        long[] t = ticks(line);
        return new Reading(System.nanoTime(), t[0], t[1]);
      }
    } catch (IOException | RuntimeException e) {
      // no /proc
    }
    return null;
  }

  /**
   * {idle, steal} of the aggregate "cpu" line (user nice system idle iowait irq softirq steal …):
   * idle counts iowait too. Busy time is the window less idle, not the sum of the busy fields: those
   * are sampled at the timer tick and, on this VM, missed a sixth of two processes' ping-pong (2.65
   * s against the 3.22 s they used; the window less idle gave 3.33 s).
   */
  static long[] ticks(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    long idle = Long.parseLong(f[4]);
    long iowait = f.length > 5 ? Long.parseLong(f[5]) : 0;
    long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
    return new long[] {idle + iowait, steal};
  }

  static MachineCpu between(Reading before, Reading after) {
    if (before == null || after == null) return UNKNOWN;
    int cores = Runtime.getRuntime().availableProcessors();
    double window = (after.nanos() - before.nanos()) / 1e9;
    double idle = (after.idleTicks() - before.idleTicks()) / TICKS_PER_SECOND;
    double steal = (after.stealTicks() - before.stealTicks()) / TICKS_PER_SECOND;
    double busy = Math.max(0, cores * window - idle - steal);
    return new MachineCpu(Math.round(busy * 100) / 100.0, steal, window, cores);
  }

  /** E.g. "1.62 of 2.00 core-s busy (81 %), steal 0.03 s". */
  String describe() {
    if (busySeconds < 0) return "not measured (no /proc/stat)";
    double capacity = cores * windowSeconds;
    return String.format(Locale.ROOT, "%.2f of %.2f core-s busy (%.0f %%), steal %.2f s", busySeconds, capacity,
        capacity > 0 ? 100 * busySeconds / capacity : 0, stealSeconds);
  }
}
