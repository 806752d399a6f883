package io.relayscope.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A relay's CPU by thread summed into what it was for: the relay's own threads, the console's FX
 * thread and renderer (and its helpers), the JIT compilers, the GC, the rest of the JVM. With the
 * console open, "relay" beside "fx" and "renderer" says who the CPU went to.
 */
final class ThreadGroups {
  private ThreadGroups() {}

  /** Thread name (as /proc truncates it) to its group. */
  static String groupOf(String thread) {
    if (thread.startsWith("relay-") || thread.startsWith("WebSocket") || thread.startsWith("journal-")
        || thread.startsWith("fleet-") || thread.startsWith("nats")) return "relay";
    if (thread.startsWith("JavaFX Applicat")) return "fx";
    if (thread.startsWith("QuantumRenderer")) return "renderer";
    if (thread.startsWith("console-") || thread.startsWith("diagram-") || thread.startsWith("InvokeLaterDisp")
        || thread.startsWith("Prism") || thread.startsWith("JavaFX")) return "console";
    if (thread.contains("CompilerThre")) return "jit";
    if (thread.startsWith("Shenandoah") || thread.startsWith("G1 ") || thread.startsWith("GC ") || thread.startsWith("ZGC")) return "gc";
    return "other";
  }

  /** Seconds per group, in a fixed order, groups with nothing left out. */
  static Map<String, Double> of(Map<String, Double> byThread) {
    var sums = new LinkedHashMap<String, Double>();
    for (String g : new String[] {"relay", "fx", "renderer", "console", "jit", "gc", "other"}) sums.put(g, 0.0);
    byThread.forEach((name, s) -> sums.merge(groupOf(name), s, Double::sum));
    sums.values().removeIf(s -> s < 0.0049);
    return sums;
  }

  /** {@code relay 0.45 · fx 0.80 · renderer 2.00 · …} */
  static String describe(Map<String, Double> byThread) {
    var sb = new StringBuilder();
    of(byThread).forEach((g, s) -> sb.append(sb.length() == 0 ? "" : " · ").append(String.format(Locale.ROOT, "%s %.2f", g, s)));
    return sb.length() == 0 ? "—" : sb.toString();
  }
}
