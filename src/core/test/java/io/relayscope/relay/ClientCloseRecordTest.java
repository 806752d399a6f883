package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.support.EventSender;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * A client that sends its Close is recorded with its own code, even when its connection then ends
 * with a reset before the library has finished: the library queues its answer and wakes the
 * selector before it tells the relay of the Close, so a reset read in between once made a client's
 * 1000 a 1006 "connection" close (ChartsViewTest, on a loaded machine).
 */
class ClientCloseRecordTest {
  private static final int CLIENTS = 20;

  @Test
  void aClientsCloseIsItsCodeEvenWhenItResetsOnceAnswered() throws Exception {
    try (var relay = TestRelay.start(); var sender = relay.sender()) {
      var clients = new ArrayList<StalledClient>();
      for (int i = 0; i < CLIENTS; i++) clients.add(StalledClient.connect(relay.core.port()));
      await().until(() -> relay.core.snapshot().clients().size() == CLIENTS);
      sender.send(EventSender.numbered(1, 200)); // bytes unread when it resets, as a live client has
      for (var c : clients) {
        c.sendClose(1000);
        assertThat(c.awaitCloseFrame()).as("the relay answers the Close").isTrue();
        c.reset();
      }
      await().until(() -> relay.core.snapshot().clients().isEmpty());
      assertThat(relay.core.snapshot().recentlyClosed()).hasSize(CLIENTS)
          .allSatisfy(c -> assertThat(c.closeCode()).as(c.id()).isEqualTo(1000));
      await().until(() -> relay.core.journal().recent(Integer.MAX_VALUE, f -> f.kind() == FactKind.CLIENT_CLOSED).size() == CLIENTS);
      assertThat(relay.core.journal().recent(Integer.MAX_VALUE, f -> f.kind() == FactKind.CLIENT_CLOSED))
          .allSatisfy(f -> assertThat(f.fields()).containsEntry("closed_by", "client").containsEntry("code", 1000));
    }
  }
}
