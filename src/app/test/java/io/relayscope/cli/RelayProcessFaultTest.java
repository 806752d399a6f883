package io.relayscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The real relay in its own JVM (issue #12): out of memory it exits non-zero with the shipped JVM
 * options, and a parent that never reads its stderr does not stop it relaying.
 */
class RelayProcessFaultTest {
  @Test
  void outOfMemoryEndsTheProcessWithTheShippedOptions() throws Exception {
    Path dir = TestRelay.newSocketDir();
    Path socket = dir.resolve("e.sock");
    var jvm = new ArrayList<>(List.of(Files.readString(Path.of(System.getProperty("relayscope.root", ".")).resolve("packaging/jvm.options")).trim().split("\\s+")));
    jvm.addAll(List.of("-Xmx128m", "-XX:SoftMaxHeapSize=96m")); // small, so 150 KB events soon fill it
    int port = freePort();
    // The bounds fit the heap (the relay refuses to start otherwise); what fills it is a client that
    // reads nothing, kept (flag) with a queue cap far over the heap: the one store sized per client.
    Process relay = start(jvm, socket, port, ProcessBuilder.Redirect.DISCARD, "--resume-bytes", "32MiB", "--handoff-bytes",
        "8MiB", "--machine-table-bytes", "8MiB", "--slow-client", "flag", "--client-queue-bytes", "4GiB",
        "--send-timeout", "60s", "--keepalive-timeout", "60s");
    StalledClient stalled = null;
    try {
      await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(socket));
      stalled = await().atMost(30, TimeUnit.SECONDS).ignoreExceptions().until(() -> StalledClient.connect(port), c -> c != null);
      long start = System.nanoTime();
      try (var sender = EventSender.nonBlocking(socket)) {
        for (int n = 0; relay.isAlive() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60); ) {
          try {
            if (sender.send(EventSender.numbered(n, 150_000))) n++;
            else java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
          } catch (IOException gone) {
            break; // the relay is gone
          }
        }
      }
      boolean exited = relay.waitFor(30, TimeUnit.SECONDS);
      System.out.printf("out of memory: exited %s, code %s, %.1f s after the first event%n", exited,
          exited ? relay.exitValue() : "-", (System.nanoTime() - start) / 1e9);
      assertThat(exited).as("the relay must exit after OutOfMemoryError, not run on half-dead").isTrue();
      assertThat(relay.exitValue()).isEqualTo(3); // -XX:+ExitOnOutOfMemoryError's status, not a refusal (2)
    } finally {
      if (stalled != null) stalled.close();
      relay.destroyForcibly();
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  /**
   * The default bounds (resume ring 64 MiB, hand-off 32 MiB, machine table 64 MiB) cannot be held in
   * a 64 MiB heap: the relay says so at start, in one line, instead of running out of memory later.
   */
  @Test
  void boundsOverTheHeapAreRefusedAtStartWithExit2() throws Exception {
    Path dir = TestRelay.newSocketDir();
    Path socket = dir.resolve("e.sock");
    Path err = dir.resolve("stderr");
    Process relay = start(List.of("-Xmx64m"), socket, freePort(), ProcessBuilder.Redirect.to(err.toFile()));
    try {
      assertThat(relay.waitFor(60, TimeUnit.SECONDS)).as("the relay must refuse to start, not run").isTrue();
      List<String> lines = Files.readAllLines(err);
      assertThat(relay.exitValue()).as("stderr: %s", lines).isEqualTo(2);
      assertThat(lines).hasSize(1);
      assertThat(lines.get(0)).startsWith("relayscope: ").contains("--resume-bytes", "--handoff-bytes",
          "--machine-table-bytes", "-Xmx");
      assertThat(socket).doesNotExist();
      // Lowered to fit (with the relay's own 64 MiB), they start.
      Process fits = start(List.of("-Xmx128m"), socket, freePort(), ProcessBuilder.Redirect.DISCARD, "--resume-bytes", "32MiB",
          "--handoff-bytes", "8MiB", "--machine-table-bytes", "8MiB");
      try {
        await().atMost(30, TimeUnit.SECONDS).until(() -> Files.exists(socket) || !fits.isAlive());
        assertThat(fits.isAlive()).isTrue();
      } finally {
        fits.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } finally {
      relay.destroyForcibly();
      Files.deleteIfExists(err);
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  @Test
  void aStderrNobodyReadsDoesNotStopRelaying() throws Exception {
    Path dir = TestRelay.newSocketDir();
    Path socket = dir.resolve("e.sock");
    Path fifo = dir.resolve("stderr");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    // Held open read-write (so the relay's open does not wait for a reader) and filled: the pipe is
    // full before the relay writes its first line, like a parent that never reads.
    var pipe = new RandomAccessFile(fifo.toFile(), "rw");
    var filled = new AtomicLong();
    Thread filler = new Thread(() -> {
      byte[] block = new byte[1024];
      try {
        for (int i = 0; i < 256; i++) {
          pipe.write(block);
          filled.addAndGet(block.length);
        }
      } catch (IOException e) {
        // closed at the end of the test
      }
    }, "stderr-filler");
    filler.setDaemon(true);
    filler.start();
    long[] last = {-1};
    await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).until(() -> {
      long now = filled.get();
      boolean stuck = now > 0 && now == last[0] && filler.isAlive();
      last[0] = now;
      return stuck;
    });
    long full = filled.get();

    int port = freePort();
    Process relay = start(List.of("-Xmx256m"), socket, port, ProcessBuilder.Redirect.to(fifo.toFile()));
    try {
      await().atMost(30, TimeUnit.SECONDS).ignoreExceptions().until(() -> health(port) == 200);
      var client = RecordingClient.connect("ws://127.0.0.1:" + port + "/ws/events");
      try (var sender = EventSender.blocking(socket)) {
        // Every rejected input makes the hub log a warning (the first ten, then every thousandth).
        for (int i = 0; i < 50; i++) {
          sender.send("not json " + i);
          sender.send(EventSender.numbered(i, 100));
        }
      }
      await().atMost(20, TimeUnit.SECONDS).until(() -> client.eventTexts().size() == 50);
      assertThat(filled.get()).as("nobody read the pipe").isEqualTo(full);
      assertThat(health(port)).isEqualTo(200);
      client.closeBlocking();
    } finally {
      relay.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      // The filler stays blocked on the full pipe (a daemon thread): reading it empty to let it finish
      // would race with its last write. Its descriptor stays open until the test JVM ends.
      Files.deleteIfExists(fifo);
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  private static Process start(List<String> jvm, Path socket, int port, ProcessBuilder.Redirect stderr, String... args)
      throws IOException {
    var cmd = new ArrayList<String>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvm);
    // As the jar's manifest and the app's launcher do: from JDK 24 on, junixsocket's native library
    // otherwise makes the JVM print warnings to stderr at start, which a full pipe blocks for good.
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), RelayscopeMain.class.getName(), "--headless",
        "--event-socket-path", socket.toString(), "--port", String.valueOf(port), "--no-journal", "--status-interval", "0"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr).start();
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static int health(int port) throws Exception {
    var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
