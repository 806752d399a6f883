package io.relayscope.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.relayscope.support.EventSender;
import io.relayscope.support.TestRelay;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench says whether a reader the relay closed had fallen behind, from the reader's own reads. */
class ReaderVerdictTest {
  @Test
  void aReaderClosedWhileItKeptUpIsSaidToHaveKeptUp() throws Exception {
    try (var relay = TestRelay.start(); var pool = ReaderPool.connect(URI.create(relay.wsUrl()), 2, 1, 10_000);
        EventSender sender = relay.sender()) {
      for (int i = 0; i < 50; i++) sender.send(new String(PacedSender.event(i, "x".repeat(200)), java.nio.charset.StandardCharsets.UTF_8));
      await().atMost(Duration.ofSeconds(10)).until(() -> pool.allReached(50));
      String id = relay.core.relay().snapshot().clients().get(0).id();
      relay.core.relay().disconnect(id, "closed by the operator");

      await().atMost(Duration.ofSeconds(10)).until(() -> pool.closed() == 1);
      assertEquals(Map.of("4010 closed by the operator — the reader had kept up", 1), pool.closeCauses());
    }
  }

  @Test
  void aReaderWhoseSocketHeldUnreadDataBeforeTheCloseHadFallenBehind() {
    long now = 5_000_000_000L;
    assertEquals(" — the bench's reader had fallen behind", CloseVerdict.verdict(now - 300_000_000L, 0, now));
    // Unread data for less than 100 ms is a reader catching up on one read, not one that fell behind.
    assertEquals(" — the reader had kept up", CloseVerdict.verdict(now - 50_000_000L, 0, now));
    assertEquals(" — the reader had kept up", CloseVerdict.verdict(0, 0, now));
  }

  @Test
  void aReaderWhoseThreadWentLongWithoutReadingHadFallenBehind() {
    long now = 5_000_000_000L;
    // One thread serving hundreds of sockets: each read drains its socket, but the round between two reads
    // of the same socket took 0.8 s, and the relay's frames waited for it.
    assertEquals(" — the bench's reader had fallen behind", CloseVerdict.verdict(0, 800_000_000L, now));
    assertEquals(" — the reader had kept up", CloseVerdict.verdict(0, 20_000_000L, now));
  }
}
