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

  /** The counters now: {busy ticks, steal ticks}, or null where there is no /proc/stat. */
  static long[] read() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
        if (!line.startsWith("cpu ")) continue;
        return ticks(line);
      }
    } catch (IOException | RuntimeException e) {
      // no /proc
    }
    return null;
  }

  /** {busy, steal} of the aggregate "cpu" line: user nice system idle iowait irq softirq steal … */
  static long[] ticks(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    long user = Long.parseLong(f[1]);
    long nice = Long.parseLong(f[2]);
    long system = Long.parseLong(f[3]);
    long irq = f.length > 6 ? Long.parseLong(f[6]) : 0;
    long softirq = f.length > 7 ? Long.parseLong(f[7]) : 0;
    long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
    // guest time is already inside user and nice
    return new long[] {user + nice + system + irq + softirq, steal};
  }

  static MachineCpu between(long[] before, long[] after, double windowSeconds) {
    if (before == null || after == null) return UNKNOWN;
    return new MachineCpu((after[0] - before[0]) / TICKS_PER_SECOND, (after[1] - before[1]) / TICKS_PER_SECOND,
        windowSeconds, Runtime.getRuntime().availableProcessors());
  }

  /** E.g. "1.62 of 2.00 core-s busy (81 %), steal 0.03 s". */
  String describe() {
    if (busySeconds < 0) return "not measured (no /proc/stat)";
    double capacity = cores * windowSeconds;
    return String.format(Locale.ROOT, "%.2f of %.2f core-s busy (%.0f %%), steal %.2f s", busySeconds, capacity,
        capacity > 0 ? 100 * busySeconds / capacity : 0, stealSeconds);
  }
}
