package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.EventSender;
import io.relayscope.support.RawWsClient;
import io.relayscope.support.TestRelay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The relay ends a connection it closed so that the client still reads its Close: what was left to
 * write goes out after the library is done, then a FIN, while the client's input is read and dropped
 * (a byte of the client's unread at the close would make the kernel reset the connection and throw
 * away our Close). A client that reads nothing is reset after the linger.
 */
class LingeringCloseTest {
  private static final int EVENTS = 200;
  private static final int SIZE = 4000;

  @Test
  void aClientThatReadsOnlyAfterItsDisconnectStillGetsTheCloseAndItsReason() throws Exception {
    try (var relay = TestRelay.start(r -> r.withSendTimeout(Duration.ofSeconds(60)));
         var sender = EventSender.blocking(relay.socket);
         var client = RawWsClient.connect(relay.core.port(), 4096)) {
      String id = behindByMoreThanTheBuffers(relay, sender);

      assertThat(relay.core.disconnect(id, "bye")).isTrue();
      // The relay is done with it (closed, recorded) before the client reads a byte.
      await().atMost(30, TimeUnit.SECONDS)
          .until(() -> relay.core.snapshot().recentlyClosed().stream().anyMatch(c -> c.id().equals(id)));

      // Now it reads what came, answering pings as a client does: its pongs reach a relay that has closed.
      RawWsClient.Frame close = null;
      int events = 0;
      for (RawWsClient.Frame f; close == null && (f = client.read()) != null; ) {
        switch (f.opcode()) {
          case RawWsClient.PING -> client.send(RawWsClient.PONG, true, f.payload());
          case RawWsClient.CLOSE -> close = f;
          case RawWsClient.TEXT -> events++;
          default -> { }
        }
      }
      assertThat(close).as("the Close, after %d events", events).isNotNull();
      assertThat(close.closeCode()).isEqualTo(CloseCodes.DISCONNECTED_BY_OPERATOR);
      assertThat(new String(Arrays.copyOfRange(close.payload(), 2, close.payload().length), StandardCharsets.UTF_8))
          .isEqualTo("bye");
      assertThat(events).as("events read before the Close").isPositive().isLessThan(EVENTS);
      assertThat(client.endsWithoutReset()).as("the relay's side ends with a FIN, not a reset").isTrue();

      client.send(RawWsClient.CLOSE, true, Arrays.copyOf(close.payload(), 2));
      client.close();
      LingeringCloses lingering = relay.core.relay().lingeringCloses();
      await().atMost(10, TimeUnit.SECONDS).until(() -> lingering.lingering() == 0);
      assertThat(lingering.ended()).isEqualTo(1);
      assertThat(lingering.reset()).isZero();
    }
  }

  @Test
  void aClientThatReadsNothingIsResetAfterTheLinger() throws Exception {
    try (var relay = TestRelay.start(r -> r.withSendTimeout(Duration.ofSeconds(60)));
         var sender = EventSender.blocking(relay.socket);
         var client = RawWsClient.connect(relay.core.port(), 4096)) {
      String id = behindByMoreThanTheBuffers(relay, sender);

      long closedAt = System.nanoTime();
      assertThat(relay.core.disconnect(id, "bye")).isTrue();
      LingeringCloses lingering = relay.core.relay().lingeringCloses();
      await().atMost(30, TimeUnit.SECONDS).until(() -> lingering.reset() == 1);
      long tookNanos = System.nanoTime() - closedAt;
      assertThat(tookNanos).as("the client had the linger to read").isGreaterThanOrEqualTo(LingeringCloses.LINGER_NANOS);
      assertThat(lingering.lingering()).isZero();
      assertThat(lingering.ended()).isZero();
    }
  }

  /**
   * The one client, sent more than both sockets' buffers hold while it reads nothing: the rest waits in
   * the relay's queue, and so will its Close.
   */
  private static String behindByMoreThanTheBuffers(TestRelay relay, EventSender sender) throws Exception {
    await().until(() -> relay.core.snapshot().clients().size() == 1);
    String id = relay.core.snapshot().clients().get(0).id();
    for (int i = 0; i < EVENTS; i++) sender.send(EventSender.numbered(i, SIZE));
    await().atMost(30, TimeUnit.SECONDS).until(() -> relay.core.snapshot().clients().get(0).queueFrames() > 0);
    return id;
  }
}
