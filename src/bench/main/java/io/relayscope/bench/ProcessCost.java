package io.relayscope.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What a process cost over a window, beyond its CPU time: context switches (every thread's, voluntary
 * and not, from /proc) and system calls (counted by {@code perf stat} on the raw syscall tracepoint,
 * where perf is installed and allowed; -1 otherwise). Each hand-off between threads is a wake-up
 * (a switch) and a system call or two: these say how much work an event makes, where CPU alone hides
 * it in the kernel's time.
 */
public record ProcessCost(long contextSwitches, long syscalls) {
  public static final ProcessCost UNKNOWN = new ProcessCost(-1, -1);

  /** Counts from now on for process {@code pid}; {@link Window#stop()} gives the cost since. */
  static Window start(long pid) {
    return new Window(pid);
  }

  /** One measured window. */
  static final class Window {
    private final long pid;
    private final long switches0;
    private final Process perf;
    private final Path perfOut;

    private Window(long pid) {
      this.pid = pid;
      this.switches0 = contextSwitches(pid);
      Path out = null;
      Process p = null;
      try {
        out = Files.createTempFile("relayscope-perf", ".txt");
        p = new ProcessBuilder("perf", "stat", "-x", ",", "-e", "raw_syscalls:sys_enter", "-p", String.valueOf(pid), "-o",
            out.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      } catch (IOException e) {
        // no perf here: syscalls unknown
      }
      this.perf = p;
      this.perfOut = out;
      // perf takes a moment to attach to every thread: the window opens a little early, never late
      // (the relay idles meanwhile: a few monitor ticks' calls).
      if (p != null) LockSupport.parkNanos(300_000_000L);
    }

    /** The cost since the window started. */
    ProcessCost stop() {
      long switches = contextSwitches(pid);
      return new ProcessCost(switches < 0 || switches0 < 0 ? -1 : switches - switches0, syscalls());
    }

    private long syscalls() {
      if (perf == null) return -1;
      try {
        // perf stat prints its counts when interrupted (SIGINT), as after Ctrl-C.
        new ProcessBuilder("kill", "-INT", String.valueOf(perf.pid())).start().waitFor(5, TimeUnit.SECONDS);
        if (!perf.waitFor(5, TimeUnit.SECONDS)) perf.destroyForcibly();
        for (String line : Files.readAllLines(perfOut, StandardCharsets.UTF_8)) {
          List<String> f = List.of(line.split(","));
          if (f.size() > 2 && f.get(2).contains("raw_syscalls:sys_enter")) {
            return f.get(0).matches("\\d+") ? Long.parseLong(f.get(0)) : -1; // "<not supported>"
          }
        }
        return -1;
      } catch (IOException e) {
        return -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      } finally {
        try {
          Files.deleteIfExists(perfOut);
        } catch (IOException ignored) {
          // a temp file
        }
      }
    }
  }

  /** Every thread's context switches so far (voluntary and involuntary), from /proc; -1 without /proc. */
  static long contextSwitches(long pid) {
    long sum = 0;
    try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
              sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended between the listing and the read (its switches leave the count with it)
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return sum;
  }
}
