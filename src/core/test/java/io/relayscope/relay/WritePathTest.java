package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.ManualTime;
import io.relayscope.support.RawWsClient;
import io.relayscope.support.TestRelay;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The write path never strands a frame. Java-WebSocket's selector can clear a connection's write
 * interest just after another thread queued a frame (see {@link WriteSweep}); these tests put a real
 * connection in exactly that state — bytes queued, no write armed — and step the relay's time by
 * hand, so no ping or deadline rescues the frame by chance and nothing depends on how busy the
 * machine is.
 */
class WritePathTest {
  private static final Duration TICK = Duration.ofMillis(50);

  @Test
  void aFrameQueuedWithNoWriteArmedGoesOutAtTheNextMonitorTick() throws Exception {
    var time = new ManualTime();
    try (var relay = TestRelay.start(time, r -> r); var client = RawWsClient.connect(relay.core.port())) {
      assertThat(client.read().text()).contains("\"initial\"");
      RelayConnection conn = connectedAs(relay, "c1");

      // The state the selector's race leaves behind.
      conn.getSelectionKey().interestOps(SelectionKey.OP_READ);
      conn.outQueue.add(ByteBuffer.wrap(RawWsClient.frame(RawWsClient.TEXT, true, bytes("stranded"), false)));
      client.setReadTimeout(500);
      assertThat(client.readOrTimeout()).as("nothing writes it while time stands still").isNull();

      time.advance(TICK);
      client.setReadTimeout(10_000);
      assertThat(client.read().text()).isEqualTo("stranded");
      assertThat(relay.core.snapshot().relay().writeWakeupsRestored()).isEqualTo(1);
    }
  }

  /** The failure seen in CI: a client's Close, answered by the library, the answer never written. */
  @Test
  void aClientsCloseIsAnsweredEvenWhenTheWriteForTheAnswerWasLost() throws Exception {
    var time = new ManualTime();
    try (var relay = TestRelay.start(time, r -> r); var client = RawWsClient.connect(relay.core.port())) {
      RelayConnection conn = closedBehindABacklog(relay, client);
      conn.getSelectionKey().interestOps(SelectionKey.OP_READ); // and its write is lost

      var heard = CompletableFuture.supplyAsync(() -> {
        try {
          return client.readUntilClose();
        } catch (java.io.IOException e) {
          return -2;
        }
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        time.advance(TICK); // well inside the close deadline (the 2 s send timeout) while the client reads
        return heard.isDone();
      });
      assertThat(heard.get()).isEqualTo(1000);
      assertThat(client.isClosedByPeer()).isTrue();
      await().until(() -> !relay.core.snapshot().recentlyClosed().isEmpty());
      assertThat(relay.core.snapshot().recentlyClosed().get(0).closeCode()).isEqualTo(1000);
      assertThat(relay.core.snapshot().relay().closesEnded()).isZero();
    }
  }

  /** A client that sends its Close and then never reads cannot take the answer: the close still completes. */
  @Test
  void aCloseThatCannotCompleteIsEndedAfterTheSendTimeout() throws Exception {
    var time = new ManualTime();
    try (var relay = TestRelay.start(time, r -> r); var client = RawWsClient.connect(relay.core.port())) {
      RelayConnection conn = closedBehindABacklog(relay, client);

      time.advance(Duration.ofMillis(1900));
      assertThat(conn.isClosed()).as("within the send timeout the close may still complete").isFalse();
      time.advance(Duration.ofMillis(200));
      await().until(conn::isClosed);
      await().until(() -> !relay.core.snapshot().recentlyClosed().isEmpty());
      var gone = relay.core.snapshot().recentlyClosed().get(0);
      assertThat(gone.closeCode()).as("the client's own code: it closed").isEqualTo(1000);
      assertThat(relay.core.snapshot().relay().closesEnded()).isEqualTo(1);
    }
  }

  /**
   * The client sends its Close while more than the two kernel buffers hold waits ahead of the
   * library's answer: the answer sits in the library's queue until the client reads.
   */
  private static RelayConnection closedBehindABacklog(TestRelay relay, RawWsClient client) throws Exception {
    assertThat(client.read().text()).contains("\"initial\"");
    RelayConnection conn = connectedAs(relay, "c1");
    conn.send("x".repeat(16 << 20));
    client.send(RawWsClient.CLOSE, true, new byte[] {0x03, (byte) 0xe8});
    await().until(conn::isFlushAndClose);
    return conn;
  }

  private static RelayConnection connectedAs(TestRelay relay, String id) {
    await().until(() -> relay.core.relay().connectionOf(id) != null);
    return relay.core.relay().connectionOf(id);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
