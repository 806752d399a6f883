package io.relayscope.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** CPU seconds by thread name, as {@link RelayProcess#threadCpuSeconds()} reads them: what was used between two readings. */
final class ThreadCpu {
  private ThreadCpu() {}

  /** CPU each thread used between two readings, busiest first; threads under 10 ms (one /proc tick) left out. */
  static Map<String, Double> busiest(Map<String, Double> before, Map<String, Double> after) {
    var used = new ArrayList<Map.Entry<String, Double>>();
    after.forEach((name, s) -> {
      double d = s - before.getOrDefault(name, 0.0);
      if (d >= 0.0099) used.add(Map.entry(name, Math.round(d * 100) / 100.0));
    });
    used.sort(Map.Entry.<String, Double>comparingByValue().reversed());
    var out = new LinkedHashMap<String, Double>();
    for (var e : used) out.put(e.getKey(), e.getValue());
    return out;
  }

  /** The JIT compiler threads' CPU seconds in {@code threads}; -1 when empty (no /proc). */
  static double compilerSeconds(Map<String, Double> threads) {
    if (threads.isEmpty()) return -1;
    double s = 0;
    for (var e : threads.entrySet()) if (ThreadGroups.groupOf(e.getKey()).equals("jit")) s += e.getValue();
    return s;
  }
}
