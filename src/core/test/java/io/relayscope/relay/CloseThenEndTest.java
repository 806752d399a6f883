package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.metrics.ClientStats;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that sends its Close and ends its connection at once — the Java-WebSocket client does
 * that as soon as anything arrives after its Close — closed with its own code. The relay's selector
 * read the Close, handed it to a worker to decode, and read the end of the stream before the worker
 * had: the library then records 1006, "no Close", and a chart legend said a client that closed
 * cleanly had dropped (ChartsViewTest, on a busy machine).
 */
class CloseThenEndTest {
  @Test
  void aCloseFollowedAtOnceByTheEndIsTheClientsClose() throws Exception {
    int n = 40;
    try (var relay = TestRelay.start(r -> r.withKeepalive(Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(10)))) {
      var clients = new ArrayList<StalledClient>();
      for (int i = 0; i < n; i++) clients.add(StalledClient.connect(relay.core.port()));
      await().until(() -> relay.core.snapshot().clients().size() == n);
      var ids = new HashSet<String>();
      relay.core.snapshot().clients().forEach(c -> ids.add(c.id()));
      // The end of each stream straight after its Close, as a FIN: the client's side only (it still
      // reads), so its kernel never resets the connection for bytes it left unread — a reset can drop a
      // Close of its own not yet sent (seen under load: the relay never had it, and 1006 was the truth).
      for (StalledClient c : clients) {
        c.sendClose(1000);
        c.endOutput();
      }
      await().until(() -> relay.core.snapshot().clients().isEmpty());
      List<ClientStats> closed = relay.core.snapshot().recentlyClosed().stream().filter(c -> ids.contains(c.id())).toList();
      assertThat(closed).hasSize(n);
      assertThat(closed).allSatisfy(c -> assertThat(c.closeCode()).as("%s: %s", c.id(), c.closeReason()).isEqualTo(1000));
      for (StalledClient c : clients) c.close();
    }
  }
}
