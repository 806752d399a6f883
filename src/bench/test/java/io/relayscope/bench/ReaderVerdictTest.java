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
      assertEquals(Map.of("4010 closed by the operator — the reader had kept up", 1), pool.closeCauses(RelayRecord.NONE));
      // Beside it, what the relay's own journal says of the same connection, found by the reader's User-Agent.
      var expected = Map.of("4010 closed by the operator — the reader had kept up (the relay says: it closed it, 4010)", 1);
      await().atMost(Duration.ofSeconds(10))
          .until(() -> pool.closeCauses(RelayRecord.of(relay.core.journal().since(0, 10_000))).equals(expected));
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

  @Test
  void theRelaysOwnRecordSaysWhetherItBlamedTheClientOrItself() {
    var facts = java.util.List.of(
        fact(1, io.relayscope.journal.FactKind.CLIENT_CONNECTED, "c1", Map.of("user_agent", RelayRecord.userAgent(0))),
        fact(2, io.relayscope.journal.FactKind.CLIENT_CONNECTED, "c2", Map.of("user_agent", RelayRecord.userAgent(1))),
        fact(3, io.relayscope.journal.FactKind.CLIENT_CONNECTED, "c3", Map.of("user_agent", RelayRecord.userAgent(2))),
        fact(4, io.relayscope.journal.FactKind.CLIENT_EVICTED, "c1",
            Map.of("reason", "send deadline passed: frame unwritten for 2.31 s", "relay_behind", true)),
        fact(5, io.relayscope.journal.FactKind.CLIENT_EVICTED, "c2",
            Map.of("reason", "send deadline passed: frame unwritten for 2.31 s", "relay_behind", false)),
        fact(6, io.relayscope.journal.FactKind.CLIENT_CLOSED, "c1", Map.of("code", 4008, "closed_by", "relay")),
        fact(7, io.relayscope.journal.FactKind.CLIENT_CLOSED, "c3", Map.of("code", 1006, "closed_by", "connection")));
    var record = RelayRecord.of(facts);
    assertEquals("the relay says: evicted, send deadline passed, the relay fell behind", record.of(RelayRecord.userAgent(0)));
    assertEquals("the relay says: evicted, send deadline passed, the client's fault", record.of(RelayRecord.userAgent(1)));
    assertEquals("the relay says: the connection ended with no Close", record.of(RelayRecord.userAgent(2)));
    assertEquals("", record.of(RelayRecord.userAgent(3)));
  }

  private static io.relayscope.journal.JournalFact fact(long id, io.relayscope.journal.FactKind kind, String subject,
      Map<String, Object> fields) {
    return new io.relayscope.journal.JournalFact(id, 1_000 + id, id, kind, subject, fields);
  }
}
