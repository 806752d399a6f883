package io.relayscope.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/** A relay under test in its own JVM, so its CPU time and memory are its own. */
final class RelayProcess implements AutoCloseable {
  private static final Pattern ENDPOINT = Pattern.compile("-> (ws://\\S+/ws/events)");
  private final Process process;
  final String url;
  final Path socket;
  private final Path journalDir;
  // A bench stopped early (Ctrl-C, kill) must not leave its relay running: it skewed every later run here.
  private final Thread orphanGuard;
  private final long startedNanos;

  private RelayProcess(Process process, String url, Path socket, Path journalDir, long startedNanos) {
    this.process = process;
    this.startedNanos = startedNanos;
    this.url = url;
    this.socket = socket;
    this.journalDir = journalDir;
    this.orphanGuard = new Thread(process::destroyForcibly, "bench-relay-stop");
    Runtime.getRuntime().addShutdownHook(orphanGuard);
  }

  /**
   * Starts {@code strategy} on {@code socket}, all of them with the same JVM options. Relayscope runs
   * as shipped, its journal in a folder beside the socket (removed on close), unless the strategy is
   * the no-journal one.
   */
  static RelayProcess start(Strategy strategy, Path socket, List<String> jvmOptions) throws IOException, InterruptedException {
    return start(strategy, socket, jvmOptions, List.of());
  }

  /** As above, with {@code extra} flags for Relayscope (e.g. {@code --nats}). */
  static RelayProcess start(Strategy strategy, Path socket, List<String> jvmOptions, List<String> extra)
      throws IOException, InterruptedException {
    return start(strategy, socket, jvmOptions, extra, null);
  }

  /**
   * As above; the console strategy opens its window on {@code display} (an X display name such as
   * {@code :91}; required for it, ignored by the others).
   */
  static RelayProcess start(Strategy strategy, Path socket, List<String> jvmOptions, List<String> extra, String display)
      throws IOException, InterruptedException {
    if (strategy.opensConsole() && display == null) throw new IllegalArgumentException("the console strategy needs a display");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var cmd = new ArrayList<String>(List.of(java));
    cmd.addAll(jvmOptions);
    if (strategy.opensConsole()) {
      // The software pipeline, as on a machine without a GPU (and under Xvfb): the case where the
      // window's drawing is CPU the relay competes with.
      cmd.add("-Dprism.order=sw");
      // Its own preferences, empty: the window as shipped (default place and columns), never the
      // operator's saved ones, and nothing written to theirs.
      cmd.add("-Djava.util.prefs.userRoot=" + Files.createDirectories(socket.getParent().resolve("console-prefs")));
    }
    // A relay out of memory must end, never run on half-dead and skew the figures (issue #12).
    if (!jvmOptions.contains("-XX:+ExitOnOutOfMemoryError") && !jvmOptions.contains("-XX:-ExitOnOutOfMemoryError")) {
      cmd.add("-XX:+ExitOnOutOfMemoryError");
    }
    cmd.add("--enable-native-access=ALL-UNNAMED"); // as the jar's manifest and the launcher say
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
    Path journalDir = null;
    switch (strategy) {
      case SEQUENTIAL -> cmd.addAll(List.of(BaselineRelay.class.getName(), socket.toString(), "0"));
      case SINGLE_THREAD -> cmd.addAll(List.of(SingleThreadRelay.class.getName(), socket.toString(), "0"));
      case RECEIVE_ONLY -> cmd.addAll(List.of(SingleThreadRelay.class.getName(), socket.toString(), "0", SingleThreadRelay.DISCARD));
      default -> {
        cmd.add("io.relayscope.cli.RelayscopeMain");
        // The console is the same relay with the same flags, only not --headless: the difference is the window's.
        if (!strategy.opensConsole()) cmd.add("--headless");
        cmd.addAll(List.of("--event-socket-path", socket.toString(), "--port",
            "0", "--status-interval", "0", "--max-clients", "100000", "--inbound-rate", "1000"));
        cmd.addAll(extra);
        if (strategy != Strategy.RELAYSCOPE_NO_JOURNAL && strategy != Strategy.CONSOLE) {
          journalDir = Files.createTempDirectory(socket.getParent(), "journal");
          cmd.addAll(List.of("--journal-dir", journalDir.toString()));
        } else {
          cmd.add("--no-journal");
        }
      }
    }
    Process p;
    long started;
    try {
      var builder = new ProcessBuilder(cmd).redirectErrorStream(true);
      if (strategy.opensConsole()) builder.environment().put("DISPLAY", display);
      started = System.nanoTime();
      p = builder.start();
    } catch (IOException e) {
      TempTree.delete(journalDir);
      throw e;
    }
    var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    var said = new ArrayDeque<String>(); // its last lines: why it did not start, if it does not
    String url = null;
    for (String line; url == null && (line = out.readLine()) != null; ) {
      var m = ENDPOINT.matcher(line);
      if (m.find()) url = m.group(1);
      if (!line.isBlank()) said.addLast(line.strip());
      if (said.size() > 20) said.removeFirst();
    }
    if (url == null) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      TempTree.delete(journalDir);
      throw new IOException("relay under test (" + strategy.label() + ") did not start"
          + (p.isAlive() ? "" : " (exit " + p.exitValue() + ")") + ": " + reason(said));
    }
    Thread drain = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // discard: its log must not block it
        }
      } catch (IOException ignored) {
        // gone
      }
    }, "bench-relay-output");
    drain.setDaemon(true);
    drain.start();
    return new RelayProcess(p, url, socket, journalDir, started);
  }

  /**
   * The line of a relay's output that says why it ended: Relayscope's own one-line reason, else the
   * first thing it printed (the JVM's complaint about an option comes first, its "Error:" lines after).
   */
  private static String reason(Deque<String> said) {
    var it = said.descendingIterator();
    while (it.hasNext()) {
      String line = it.next();
      if (line.startsWith("relayscope: ")) return line.substring("relayscope: ".length());
    }
    return said.isEmpty() ? "it printed nothing" : said.getFirst();
  }

  /** When it was launched (System.nanoTime). */
  long startedNanos() {
    return startedNanos;
  }

  long pid() {
    return process.pid();
  }

  /** Where its journal goes; null for a relay without one. */
  Path journalDir() {
    return journalDir;
  }

  /** User + system CPU seconds so far, from /proc. */
  double cpuSeconds() {
    return cpuSeconds(process.pid());
  }

  /**
   * Waits until the relay uses less than {@code share} of one core over 200 ms (its compiler has
   * finished what the warm-up gave it), or {@code maxNanos} passed. Returns the seconds waited.
   */
  double awaitQuiet(double share, long maxNanos) {
    long start = System.nanoTime();
    double before = cpuSeconds();
    while (System.nanoTime() - start < maxNanos && before >= 0) {
      LockSupport.parkNanos(200_000_000L);
      double now = cpuSeconds();
      if (now - before <= share * 0.2 + 1e-9) break; // /proc counts in 10 ms ticks: at most one
      before = now;
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Waits until the JVM's JIT compilers use less than {@code share} of one core over a second, or
   * {@code maxNanos} passed; returns the seconds waited. The console's JVM compiles JavaFX code for a
   * minute and more after it starts (C2 was half a core in the first measured windows), which the
   * relay's CPU falling quiet does not show: the window's own work keeps that above the threshold.
   */
  double awaitCompilersQuiet(double share, long maxNanos) {
    long start = System.nanoTime();
    double before = compilerSeconds();
    while (System.nanoTime() - start < maxNanos) {
      LockSupport.parkNanos(1_000_000_000L);
      double now = compilerSeconds();
      if (now - before <= share + 1e-9) break;
      before = now;
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Its JIT compiler threads' CPU seconds so far (0 without /proc). */
  double compilerSeconds() {
    return Math.max(0, ThreadCpu.compilerSeconds(threadCpuSeconds()));
  }

  /** User + system CPU seconds so far of process {@code pid}, from /proc; -1 where there is no /proc. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * CPU seconds so far of each of the relay's threads, by thread name (as /proc truncates it, 15
   * characters; threads of one name, such as the compiler's, are summed); empty where there is no /proc.
   */
  Map<String, Double> threadCpuSeconds() {
    return threadCpuSeconds(process.pid());
  }

  /** As above, of process {@code pid}. */
  static Map<String, Double> threadCpuSeconds(long pid) {
    var byName = new TreeMap<String, Double>();
    try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          String name = stat.substring(open + 1, close).replaceAll("#?\\d+$", "#");
          String[] f = stat.substring(close + 2).split(" ");
          byName.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0, Double::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended between the listing and the read
        }
      }
    } catch (IOException | RuntimeException e) {
      // no /proc
    }
    return byName;
  }

  /** Peak resident memory in MB, from /proc (VmHWM). */
  double peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    } catch (IOException | RuntimeException e) {
      // below
    }
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    try {
      Runtime.getRuntime().removeShutdownHook(orphanGuard);
    } catch (IllegalStateException shuttingDown) {
      // the hook stops it
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    try {
      Files.deleteIfExists(socket);
      TempTree.delete(journalDir);
    } catch (IOException ignored) {
      // temp files
    }
  }
}
