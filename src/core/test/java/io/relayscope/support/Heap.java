package io.relayscope.support;

import java.lang.management.ManagementFactory;

/** Heap retained after a full collection: what a store still holds, not garbage awaiting GC. */
public final class Heap {
  private Heap() {}

  public static long retainedBytes() {
    var memory = ManagementFactory.getMemoryMXBean();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      best = Math.min(best, memory.getHeapMemoryUsage().getUsed());
    }
    return best;
  }

  public static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / 1048576.0);
  }
}
