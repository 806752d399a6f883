package io.relayscope.ingest;

import static io.relayscope.support.EventSender.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.relayscope.core.CoreConfig;
import io.relayscope.core.RelayCore;
import io.relayscope.relay.RelayConfig;
import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The event socket's file: who may claim it, what mode it gets, and that it goes away on close. */
class SocketFileTest {
  private Path dir;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void makeDir() throws Exception {
    dir = TestRelay.newSocketDir();
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) toClose.get(i).close();
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
    }
    Files.deleteIfExists(dir);
  }

  private static CoreConfig config(Path socket) {
    return CoreConfig.defaults(socket, RelayConfig.defaults().withPort(0));
  }

  private RelayCore startCore(CoreConfig config) throws Exception {
    RelayCore core = RelayCore.start(config);
    toClose.add(core);
    return core;
  }

  private RecordingClient client(RelayCore core) throws InterruptedException {
    var c = RecordingClient.connect("ws://127.0.0.1:" + core.port() + RelayConfig.PATH);
    toClose.add(c::closeBlocking);
    await().until(() -> !c.ofType("initial").isEmpty());
    return c;
  }

  private static void assertReceives(RelayCore core, RecordingClient c, Path socket, String event) throws Exception {
    int before = c.eventTexts().size();
    try (var sender = EventSender.blocking(socket)) {
      sender.send(event);
    }
    await().until(() -> c.eventTexts().size() > before);
    assertThat(c.eventTexts()).last().isEqualTo(event);
  }

  @Test
  void secondRelayOnALiveSocketFailsAndLeavesTheFirstAlone() throws Exception {
    try (var first = TestRelay.start()) {
      var c = client(first.core);

      assertThatThrownBy(() -> startCore(config(first.socket)))
          .isInstanceOf(IngestException.class)
          .hasMessageContaining("another process is already receiving on " + first.socket);

      assertThat(Files.exists(first.socket, LinkOption.NOFOLLOW_LINKS))
          .as("the failed second start must not remove the first relay's socket file")
          .isTrue();
      assertThat(SocketFile.isSocket(first.socket)).isTrue();
      assertThat(first.core.snapshot().relay().eventSocketBound()).isTrue();
      assertReceives(first.core, c, first.socket, registered("after_second_start", "worker", "idle"));
    }
  }

  @Test
  void staleSocketFileIsReplaced() throws Exception {
    Path socket = dir.resolve("events.sock");
    try (var stale = AFUNIXDatagramSocket.newInstance()) {
      stale.setDeleteOnClose(false); // like a relay that died without cleaning up
      stale.bind(AFUNIXSocketAddress.of(socket));
    }
    assertThat(Files.exists(socket, LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(SocketFile.isSocket(socket)).isTrue();
    assertThat(SocketFile.isLive(socket)).isFalse();

    RelayCore core = startCore(config(socket));
    var c = client(core);
    assertThat(SocketFile.isLive(socket)).isTrue();
    assertReceives(core, c, socket, registered("after_stale", "worker", "idle"));
  }

  @Test
  void liveStreamSocketOfAnotherProcessIsRefusedAndLeftInPlace() throws Exception {
    // E.g. --event-socket-path pointed at an engine's --engine-socket by mistake.
    Path socket = dir.resolve("events.sock");
    try (var other = AFUNIXServerSocket.newInstance()) {
      other.bind(AFUNIXSocketAddress.of(socket));
      other.setSoTimeout(10_000);

      assertThatThrownBy(() -> startCore(config(socket)))
          .isInstanceOf(IngestException.class)
          .hasMessageContaining("another process is already receiving on " + socket);

      assertThat(Files.exists(socket, LinkOption.NOFOLLOW_LINKS)).isTrue();
      try (var client = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(socket)); var accepted = other.accept()) {
        assertThat(accepted.isConnected()).as("the other process still receives there").isTrue();
      }
    }
  }

  @Test
  void regularFileIsRefusedAndLeftInPlace() throws Exception {
    Path socket = dir.resolve("events.sock");
    Files.writeString(socket, "not a socket\n");

    assertThatThrownBy(() -> startCore(config(socket)))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining("not a socket");

    assertThat(Files.isRegularFile(socket, LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(Files.readString(socket, StandardCharsets.UTF_8)).isEqualTo("not a socket\n");
  }

  @Test
  void missingDirectoryIsReported() throws Exception {
    Path socket = dir.resolve("nowhere").resolve("events.sock");
    assertThatThrownBy(() -> startCore(config(socket)))
        .isInstanceOf(IngestException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void defaultModeIsOwnerOnly() throws Exception {
    Path socket = dir.resolve("events.sock");
    startCore(config(socket));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS)))
        .isEqualTo("rw-------");
  }

  @Test
  void groupModeIsApplied() throws Exception {
    Path socket = dir.resolve("events.sock");
    CoreConfig d = config(socket);
    var group = new CoreConfig(socket, SocketFile.parseMode("0660"), null, null, d.maxEventBytes(),
        d.handoffCapacity(), d.journalCapacity(), d.relay(), null, d.journalFileBytes(), d.journalFiles(), d.allowedUids());
    RelayCore core = startCore(group);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket, LinkOption.NOFOLLOW_LINKS)))
        .isEqualTo("rw-rw----");
    assertReceives(core, client(core), socket, registered("group_mode", "worker", "idle"));
  }

  @Test
  void parseModeAcceptsOctalAndRejectsEverythingElse() {
    assertThat(SocketFile.format(SocketFile.parseMode("0600"))).isEqualTo("rw-------");
    assertThat(SocketFile.format(SocketFile.parseMode("660"))).isEqualTo("rw-rw----");
    assertThat(SocketFile.format(SocketFile.parseMode("0755"))).isEqualTo("rwxr-xr-x");
    for (String bad : new String[] {"999", "abc", "", "0", "06600", "-600", "0o600"}) {
      assertThatThrownBy(() -> SocketFile.parseMode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> SocketFile.parseMode(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void socketFileIsRemovedOnClose() throws Exception {
    Path socket = dir.resolve("events.sock");
    RelayCore core = RelayCore.start(config(socket));
    try {
      assertThat(Files.exists(socket, LinkOption.NOFOLLOW_LINKS)).isTrue();
    } finally {
      core.close();
    }
    assertThat(Files.exists(socket, LinkOption.NOFOLLOW_LINKS)).isFalse();
    core.close(); // idempotent
    assertThat(Files.exists(socket, LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void aNewRelayCanStartOnThePathAfterTheFirstCloses() throws Exception {
    Path socket = dir.resolve("events.sock");
    RelayCore first = RelayCore.start(config(socket));
    first.close();
    RelayCore second = startCore(config(socket));
    assertReceives(second, client(second), socket, registered("second", "worker", "idle"));
  }
}
