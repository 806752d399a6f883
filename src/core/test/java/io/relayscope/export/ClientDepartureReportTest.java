package io.relayscope.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.support.EventSender;
import io.relayscope.support.RawWsClient;
import io.relayscope.support.TestRelay;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A client that simply goes — its process exits with bytes unread, so its kernel resets the
 * connection — left: the report says so, and does not count it lost or blame the relay for it.
 */
class ClientDepartureReportTest {

  @Test
  void aClientThatGoesWithoutACloseIsNotLostAndTheRelayIsNotSaidToHaveClosedIt() throws Exception {
    try (var relay = TestRelay.start()) {
      var client = RawWsClient.connect(relay.core.port());
      await().until(() -> relay.core.snapshot().clients().size() == 1);
      String id = relay.core.snapshot().clients().get(0).id();
      try (var sender = relay.sender()) {
        for (int n = 0; n < 20; n++) sender.send(EventSender.numbered(n, 500));
      }
      await().until(() -> relay.core.snapshot().clients().get(0).lastSeqSent() == 20);
      client.close(); // unread bytes in its socket: the kernel resets the connection
      await().until(() -> relay.core.journal().recent(10, f -> f.kind() == FactKind.CLIENT_CLOSED).size() == 1);
      var closed = relay.core.journal().recent(10, f -> f.kind() == FactKind.CLIENT_CLOSED).get(0);
      assertThat(closed.fields()).containsEntry("closed_by", "connection").containsEntry("by_client", false);

      var facts = relay.core.journal().recent(1_000_000, f -> true);
      var export = new IncidentExport(IncidentExport.of(facts), facts.get(0).atMillis(), System.currentTimeMillis() + 1);
      assertThat(export.analysis().clients()).singleElement().satisfies(c -> assertThat(c.lost()).isFalse());
      var out = new ByteArrayOutputStream();
      export.write(IncidentExport.Format.md, out);
      String report = out.toString(StandardCharsets.UTF_8);
      assertThat(report).contains("0 of 1 client(s) lost").contains("the client went without a Close")
          .doesNotContain("(by the relay)");
      assertThat(id).isNotBlank();
    }
  }
}
