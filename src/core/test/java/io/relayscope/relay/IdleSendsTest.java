package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.metrics.ClientStats;
import io.relayscope.support.EventSender;
import io.relayscope.support.ManualTime;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A SENDS fact is a second in which frames of ours were written: an idle client, sent only probe
 * pings, was one fact a second each (a thousand a second for a thousand idle clients). The pings'
 * bytes are not lost: they go into the next fact, and every byte the socket took is in some fact.
 */
class IdleSendsTest {
  private static final Duration STEP = Duration.ofMillis(50);

  @Test
  void anIdleClientHasNoSendsFactsAndItsPingBytesGoIntoTheNext() throws Exception {
    var time = new ManualTime();
    try (var relay = TestRelay.start(time, r -> r.withKeepalive(Duration.ZERO, Duration.ofMinutes(5), Duration.ofMinutes(10)))) {
      var client = RecordingClient.connect(relay.wsUrl());
      await().until(() -> relay.core.snapshot().clients().size() == 1);
      String id = relay.core.snapshot().clients().get(0).id();
      await().until(() -> client.ofType("initial").size() == 1);
      advance(time, Duration.ofMillis(1100)); // the initial frame's second
      assertThat(sends(relay, id)).hasSize(1);

      // Five idle seconds: a probe ping each second, answered, and no fact for it.
      for (int s = 0; s < 5; s++) {
        advance(time, Duration.ofSeconds(1));
        await().until(() -> !relay.core.relay().sessionOf(id).reading().probeOutstanding());
      }
      assertThat(sends(relay, id)).hasSize(1);
      long pingBytes = bytesSent(relay, id) - bytes(sends(relay, id));
      assertThat(pingBytes).as("probe pings went out").isPositive();

      try (var sender = relay.sender()) {
        sender.send(EventSender.numbered(0, 300));
      }
      await().until(() -> client.eventTexts().size() == 1);
      advance(time, Duration.ofSeconds(1));
      List<JournalFact> facts = sends(relay, id);
      assertThat(facts).hasSize(2);
      assertThat(facts.get(1).fields()).containsEntry("frames", 1L);
      assertThat(bytes(facts)).as("the idle seconds' pings are in the event's fact").isGreaterThan(bytes(facts.subList(0, 1)) + pingBytes - 1);

      // At its end, its last interval is journaled whatever it holds: every byte the socket took is in a fact.
      client.closeBlocking();
      await().until(() -> relay.core.snapshot().recentlyClosed().stream().anyMatch(c -> c.id().equals(id)));
      long total = relay.core.snapshot().recentlyClosed().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().bytesSent();
      await().until(() -> bytes(sends(relay, id)) == total);
    }
  }

  private static List<JournalFact> sends(TestRelay relay, String id) {
    return relay.core.journal().recent(100, f -> f.kind() == FactKind.SENDS && f.subject().equals(id));
  }

  private static long bytes(List<JournalFact> facts) {
    return facts.stream().mapToLong(f -> ((Number) f.fields().get("bytes")).longValue()).sum();
  }

  private static long bytesSent(TestRelay relay, String id) {
    return relay.core.snapshot().client(id).map(ClientStats::bytesSent).orElseThrow();
  }

  private static void advance(ManualTime time, Duration total) {
    for (long done = 0; done < total.toNanos(); done += STEP.toNanos()) time.advance(STEP);
  }
}
