package io.relayscope.support;

import io.relayscope.core.CoreConfig;
import io.relayscope.core.RelayCore;
import io.relayscope.ingest.SocketFile;
import io.relayscope.relay.RelayConfig;
import io.relayscope.relay.RelayTime;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A real relay on a fresh socket path and an ephemeral port. */
public final class TestRelay implements AutoCloseable {
  public final Path dir;
  public final Path socket;
  public final RelayCore core;

  private TestRelay(Path dir, RelayCore core) {
    this.dir = dir;
    this.socket = core.config().eventSocketPath();
    this.core = core;
  }

  public static TestRelay start() throws Exception {
    return start(c -> c, r -> r);
  }

  public static TestRelay start(UnaryOperator<RelayConfig> relay) throws Exception {
    return start(c -> c, relay);
  }

  public static TestRelay start(UnaryOperator<CoreConfig> core, UnaryOperator<RelayConfig> relay) throws Exception {
    return start(RelayTime.system(), core, relay);
  }

  /** A relay whose deadlines, pings and sweeps happen when {@code time} says (e.g. a {@link ManualTime}). */
  public static TestRelay start(RelayTime time, UnaryOperator<RelayConfig> relay) throws Exception {
    return start(time, c -> c, relay);
  }

  private static TestRelay start(RelayTime time, UnaryOperator<CoreConfig> core, UnaryOperator<RelayConfig> relay)
      throws Exception {
    return start(time, core, relay, io.relayscope.event.EventTap.NONE);
  }

  /** A relay whose every accepted event, from the first, goes to {@code tap} as well (as --nats's buffer). */
  public static TestRelay startTapped(io.relayscope.event.EventTap tap) throws Exception {
    return start(RelayTime.system(), c -> c, r -> r, tap);
  }

  private static TestRelay start(RelayTime time, UnaryOperator<CoreConfig> core, UnaryOperator<RelayConfig> relay,
      io.relayscope.event.EventTap tap) throws Exception {
    Path dir = newSocketDir();
    RelayConfig rc = relay.apply(RelayConfig.defaults().withPort(0));
    CoreConfig cc = core.apply(new CoreConfig(dir.resolve("events.sock"), SocketFile.parseMode("0600"), null, null,
        CoreConfig.DEFAULT_MAX_EVENT_BYTES, 1 << 16, 200_000, rc, null, CoreConfig.DEFAULT_JOURNAL_FILE_BYTES,
        CoreConfig.DEFAULT_JOURNAL_FILES, CoreConfig.ownUid()));
    return new TestRelay(dir, RelayCore.start(cc, time, tap));
  }

  /** Unix socket paths are limited to ~108 bytes, so keep them short and under /tmp. */
  public static Path newSocketDir() throws IOException {
    return Files.createTempDirectory(Path.of("/tmp"), "rs");
  }

  public String wsUrl() {
    return "ws://127.0.0.1:" + core.port() + "/ws/events";
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + core.port() + path)).timeout(Duration.ofSeconds(10)).build();
    return client.send(req, HttpResponse.BodyHandlers.ofString());
  }

  public EventSender sender() throws IOException {
    return EventSender.blocking(socket);
  }

  @Override
  public void close() throws IOException {
    core.close();
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
    }
    Files.deleteIfExists(dir);
  }
}
