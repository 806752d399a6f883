package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A burst from a blocking sender: every datagram delivered, in order, to every healthy client. */
class BurstTest {
  private static final int BURST = 20_000;

  @Test
  void burstOf20000IsDeliveredInOrderToEveryClient() throws Exception {
    try (var relay = TestRelay.start()) {
      var clients = new ArrayList<RecordingClient>();
      for (int i = 0; i < 3; i++) clients.add(RecordingClient.connect(relay.wsUrl()));
      await().until(() -> clients.stream().allMatch(c -> !c.ofType("initial").isEmpty()));

      try (var sender = relay.sender()) {
        for (int n = 0; n < BURST; n++) sender.send(EventSender.numbered(n, 200));
      }

      for (var c : clients) {
        await().atMost(60, TimeUnit.SECONDS).until(() -> c.eventTexts().size() >= BURST);
        List<String> texts = c.eventTexts();
        assertThat(texts).hasSize(BURST);
        for (int n = 0; n < BURST; n++) {
          String prefix = "{\"machine_name\":\"bench\",\"type\":\"activity_log\",\"payload\":{\"n\":" + n + ",";
          if (!texts.get(n).startsWith(prefix)) {
            throw new AssertionError("event " + n + " out of order: " + texts.get(n).substring(0, 80));
          }
        }
      }
      var snap = relay.core.snapshot();
      assertThat(snap.relay().eventsIn()).isEqualTo(BURST);
      assertThat(snap.relay().lastSeq()).isEqualTo(BURST);
      assertThat(snap.relay().handoffFull()).isZero();
      assertThat(snap.clients()).allSatisfy(c -> {
        assertThat(c.dropped()).isZero();
        assertThat(c.lastSeqSent()).isEqualTo(BURST);
        assertThat(c.sequenceLag()).isZero();
      });
      for (var c : clients) c.close();
    }
  }
}
