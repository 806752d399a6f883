package io.relayscope.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The X display the {@code console} strategy opens its window on: the benchmark's own {@code DISPLAY}
 * if it has one, else an {@code Xvfb} of its own at 1280x720x24 (the smallest screen the console is
 * made for), stopped on close.
 */
public final class ConsoleDisplay implements AutoCloseable {
  /** The screen of the measurements: the console's smallest supported size, 24-bit. */
  static final String SCREEN = "1280x720x24";
  private static final List<Path> XVFB = List.of(Path.of("/usr/bin/Xvfb"), Path.of("/usr/local/bin/Xvfb"));

  private final String name;
  private final Process xvfb;

  private ConsoleDisplay(String name, Process xvfb) {
    this.name = name;
    this.xvfb = xvfb;
    // A benchmark stopped with Ctrl-C or SIGTERM runs no finally: the Xvfb must not outlive it.
    if (xvfb != null) Runtime.getRuntime().addShutdownHook(new Thread(xvfb::destroy, "bench-xvfb-stop"));
  }

  /** The value for the console's {@code DISPLAY}, e.g. {@code :91}. */
  String name() {
    return name;
  }

  /** Whether this one was started here (and is stopped on close). */
  boolean ownXvfb() {
    return xvfb != null;
  }

  /**
   * Why the console strategy cannot run here, in one line, or null if it can: a {@code DISPLAY} set,
   * or an Xvfb to start. Checked before anything runs, so a missing Xvfb costs no benchmark time.
   */
  public static String problem() {
    if (inherited() != null) return null;
    return xvfb() == null ? "the console strategy needs a display: DISPLAY is not set and there is no Xvfb "
        + "(apt-get install -y xvfb, or set DISPLAY)" : null;
  }

  /** The benchmark's display if it has one, else a new Xvfb on a display number it picks itself. */
  static ConsoleDisplay open() throws IOException, InterruptedException {
    String own = inherited();
    if (own != null) return new ConsoleDisplay(own, null);
    Path binary = xvfb();
    if (binary == null) throw new IOException(problem());
    // -displayfd: Xvfb takes the first free display number and writes it once it accepts
    // connections, so there is no guessing (others run Xvfb on this machine) and no polling.
    Process p = new ProcessBuilder(binary.toString(), "-displayfd", "1", "-screen", "0", SCREEN, "-nolisten", "tcp")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    var number = CompletableFuture.supplyAsync(() -> {
      try (var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        return out.readLine();
      } catch (IOException e) {
        return null;
      }
    });
    try {
      String n = number.get(20, TimeUnit.SECONDS);
      if (n != null && n.strip().matches("\\d+")) return new ConsoleDisplay(":" + n.strip(), p);
    } catch (ExecutionException | TimeoutException e) {
      // below
    }
    p.destroyForcibly();
    p.waitFor(5, TimeUnit.SECONDS);
    throw new IOException("Xvfb did not start" + (p.isAlive() ? "" : " (exit " + p.exitValue() + ")"));
  }

  private static String inherited() {
    String d = System.getenv("DISPLAY");
    return d == null || d.isBlank() ? null : d;
  }

  private static Path xvfb() {
    return XVFB.stream().filter(Files::isExecutable).findFirst().orElse(null);
  }

  @Override
  public void close() throws InterruptedException {
    if (xvfb == null) return;
    xvfb.destroy();
    if (!xvfb.waitFor(10, TimeUnit.SECONDS)) xvfb.destroyForcibly();
  }
}
