package io.relayscope.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nats-server} (Debian's package; README's set-up installs it) with JetStream on,
 * bound to loopback, storing in a temporary directory. It can be stopped and started again on the
 * same port and store, as an operator's restart would.
 */
public final class NatsServer implements AutoCloseable {
  private static final List<Path> CANDIDATES =
      List.of(Path.of("/usr/sbin/nats-server"), Path.of("/usr/bin/nats-server"), Path.of("/usr/local/bin/nats-server"));

  public final Path dir;
  public final int port;
  private final String accounts;
  private final List<String> log = new ArrayList<>();
  private Process process;

  private NatsServer(Path dir, int port, String accounts) {
    this.dir = dir;
    this.port = port;
    this.accounts = accounts;
  }

  /** Anyone may do anything: no users configured. */
  public static NatsServer start() throws IOException, InterruptedException {
    return start("");
  }

  /**
   * With {@code authorization} as the config's {@code authorization { ... }} or {@code accounts { ... }}
   * block (NATS config syntax), e.g. users with publish/subscribe permissions.
   */
  public static NatsServer start(String authorization) throws IOException, InterruptedException {
    var server = new NatsServer(Files.createTempDirectory("nats"), freePort(), authorization);
    server.startProcess();
    return server;
  }

  public String url() {
    return "nats://127.0.0.1:" + port;
  }

  /** The URL with a user and password in it, as {@code --nats} accepts. */
  public String url(String user, String password) {
    return "nats://" + user + ":" + password + "@127.0.0.1:" + port;
  }

  /** Stops the server (as SIGTERM does) and waits for it to exit; the store stays. */
  public void stop() throws InterruptedException {
    if (process == null) return;
    try {
      resume(); // a paused server would not act on SIGTERM
    } catch (IOException | RuntimeException e) {
      // it has exited already
    }
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    process = null;
  }

  /** Starts it again on the same port with the same store: what JetStream acknowledged is still there. */
  public void restart() throws IOException, InterruptedException {
    stop();
    startProcess();
  }

  /** Stops the process dead (SIGSTOP), as a hung or swapped-out server: its sockets stay open, nothing answers. */
  public void pause() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** Lets a paused server run again (SIGCONT). */
  public void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String which) throws IOException, InterruptedException {
    if (process == null) throw new IllegalStateException("nats-server is not running");
    Process kill = new ProcessBuilder("kill", which, Long.toString(process.pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) throw new IOException("kill " + which + " failed");
  }

  public synchronized List<String> log() {
    return List.copyOf(log);
  }

  private void startProcess() throws IOException, InterruptedException {
    Path binary = CANDIDATES.stream().filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new IllegalStateException("nats-server is not installed: apt-get install -y nats-server "
            + "(README's test command does it)"));
    Path conf = dir.resolve("nats.conf");
    Files.writeString(conf, "listen: 127.0.0.1:" + port + "\n"
        + "server_name: relayscope-test\n"
        + "jetstream { store_dir: \"" + dir.resolve("store") + "\" }\n"
        + accounts + "\n");
    process = new ProcessBuilder(binary.toString(), "-c", conf.toString()).redirectErrorStream(true).start();
    var ready = new CountDownLatch(1);
    var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    Thread reader = new Thread(() -> {
      try {
        String line;
        while ((line = out.readLine()) != null) {
          synchronized (this) {
            log.add(line);
          }
          if (line.contains("Server is ready")) ready.countDown();
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "nats-server-log");
    reader.setDaemon(true);
    reader.start();
    if (!ready.await(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("nats-server did not become ready: " + log());
    }
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
