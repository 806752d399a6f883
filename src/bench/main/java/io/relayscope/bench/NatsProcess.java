package io.relayscope.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A nats-server with JetStream for the fleet scenarios: loopback, a free port, a temporary store.
 * {@link #suspend()} stops it dead (SIGSTOP), as a hung server or a saturated link looks to the relay.
 */
final class NatsProcess implements AutoCloseable {
  private static final List<Path> CANDIDATES =
      List.of(Path.of("/usr/sbin/nats-server"), Path.of("/usr/bin/nats-server"), Path.of("/usr/local/bin/nats-server"));
  private final Process process;
  private final Path store;
  final String url;

  private NatsProcess(Process process, Path store, int port) {
    this.process = process;
    this.store = store;
    this.url = "nats://127.0.0.1:" + port;
  }

  static NatsProcess start() throws IOException, InterruptedException {
    Path binary = CANDIDATES.stream().filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new IOException("the fleet strategies need nats-server: apt-get install -y nats-server"));
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path store = Files.createTempDirectory("rsbench-nats");
    Process p = new ProcessBuilder(binary.toString(), "-a", "127.0.0.1", "-p", String.valueOf(port), "-js", "-sd",
        store.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (var probe = new Socket("127.0.0.1", port)) {
        return new NatsProcess(p, store, port);
      } catch (IOException notYet) {
        if (!p.isAlive()) break;
        Thread.sleep(50); // polling a port that is not open yet: nothing to wait on
      }
    }
    p.destroyForcibly();
    throw new IOException("nats-server did not start on port " + port);
  }

  void suspend() throws IOException, InterruptedException {
    signal("STOP");
  }

  void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    resume();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    TempTree.delete(store);
  }
}
