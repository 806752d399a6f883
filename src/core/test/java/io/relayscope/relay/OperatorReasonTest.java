package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.journal.FactKind;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An operator's disconnect reason reaches the client (4010) without its control characters. */
class OperatorReasonTest {
  @Test
  void theClientGetsThePrintableReason() throws Exception {
    try (var relay = TestRelay.start()) {
      var client = RecordingClient.connect(relay.wsUrl());
      long factsBefore = relay.core.journal().appended();
      String id = relay.core.snapshot().clients().get(0).id();
      assertThat(relay.core.disconnect(id, "bye\u001b[2J\r\nSet-Cookie: x\u0000")).isTrue();
      assertThat(client.closed.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(client.closeCode).isEqualTo(CloseCodes.DISCONNECTED_BY_OPERATOR);
      assertThat(client.closeReason).isEqualTo("bye [2J Set-Cookie: x");
      var requested = relay.core.journal().since(factsBefore, 100).stream()
          .filter(f -> f.kind() == FactKind.DISCONNECT_REQUESTED).toList();
      assertThat(requested).singleElement().satisfies(f -> assertThat(f.fields()).containsEntry("reason", "bye [2J Set-Cookie: x"));
      // Nothing printable left: the default reason, as for an empty one.
      var second = RecordingClient.connect(relay.wsUrl());
      String id2 = relay.core.snapshot().clients().stream().map(c -> c.id()).filter(c -> !c.equals(id)).findFirst().orElseThrow();
      assertThat(relay.core.disconnect(id2, "\r\n\u0007")).isTrue();
      assertThat(second.closed.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(second.closeReason).isEqualTo("disconnected by operator");
    }
  }
}
