package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.metrics.ClientStats;
import io.relayscope.support.ManualTime;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A pause of the relay's own (a GC, a starved host) is no client's silence: while the relay is held up
 * it neither reads pongs nor sends pings. A pause longer than the keepalive timeout closes no client
 * that answers its pings; a client that answers none is still closed, its silence counted from the
 * pause's end. Time is the test's, so the pause is exactly as long as the test says.
 */
class KeepalivePauseTest {
  private static final Duration STEP = Duration.ofMillis(50);
  private static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  @Test
  void aPauseLongerThanTheKeepaliveTimeoutClosesOnlyTheClientThatNeverAnswers() throws Exception {
    var time = new ManualTime();
    try (var relay = TestRelay.start(time, r -> r.withKeepalive(Duration.ZERO, INTERVAL, TIMEOUT).withSendTimeout(Duration.ofMinutes(5)))) {
      var answering = RecordingClient.connect(relay.wsUrl());
      await().until(() -> relay.core.snapshot().clients().size() == 1);
      String answeringId = relay.core.snapshot().clients().get(0).id();
      var silent = StalledClient.connect(relay.core.port()); // reads nothing: never sees a ping, never answers
      await().until(() -> relay.core.snapshot().clients().size() == 2);
      String silentId = relay.core.snapshot().clients().stream().map(ClientStats::id).filter(id -> !id.equals(answeringId))
          .findFirst().orElseThrow();

      steps(relay, time, answeringId, 120); // 6 s: the answering client has answered a ping
      assertThat(client(relay, answeringId).orElseThrow().lastPongAgeMs()).isLessThan(TIMEOUT.toMillis());

      // Ground truth: the relay is held up for 20 s, longer than the keepalive timeout.
      long pauseEnds = time.nanos() + Duration.ofSeconds(20).toNanos();
      time.jump(Duration.ofSeconds(20));
      awaitAnswered(relay, time, answeringId);
      assertThat(client(relay, answeringId)).as("the answering client after the pause").isPresent();

      // 20 s more of normal time: the answering client stays; the silent one goes once 15 s have passed since the pause.
      long silentClosedAt = -1;
      for (int i = 0; i < 400; i++) {
        step(relay, time, answeringId);
        if (silentClosedAt < 0 && client(relay, silentId).isEmpty()) silentClosedAt = time.nanos();
      }
      assertThat(client(relay, answeringId)).as("the answering client, 20 s after the pause").isPresent();
      assertThat(silentClosedAt).as("the silent client is closed").isPositive();
      assertThat(silentClosedAt - pauseEnds).as("its silence counted from the pause's end")
          .isGreaterThan(TIMEOUT.toNanos()).isLessThanOrEqualTo(TIMEOUT.plus(INTERVAL).plus(STEP).toNanos());
      var closed = relay.core.snapshot().recentlyClosed().stream().filter(c -> c.id().equals(silentId)).findFirst().orElseThrow();
      assertThat(closed.closeCode()).isEqualTo(CloseCodes.KEEPALIVE_TIMEOUT);

      List<JournalFact> facts = relay.core.journal().recent(100_000, f -> true);
      assertThat(facts).filteredOn(f -> f.kind() == FactKind.RELAY_PAUSED).hasSize(1);
      assertThat(facts).as("nothing closes the answering client")
          .noneMatch(f -> f.subject().equals(answeringId) && f.kind() == FactKind.PONG_MISSED && Boolean.TRUE.equals(f.fields().get("closing")));
      answering.close();
      silent.close();
    }
  }

  private static void steps(TestRelay relay, ManualTime time, String id, int n) {
    for (int i = 0; i < n; i++) step(relay, time, id);
  }

  /** One step of time; a ping that went out in it is answered before time moves again. */
  private static void step(TestRelay relay, ManualTime time, String id) {
    long pings = client(relay, id).map(ClientStats::pingsSent).orElse(0L);
    time.advance(STEP);
    if (client(relay, id).map(ClientStats::pingsSent).orElse(0L) > pings) awaitAnswered(relay, time, id);
  }

  /** Until the client's pong to the last ping is in: stamped at the test's time, which stands still meanwhile. */
  private static void awaitAnswered(TestRelay relay, ManualTime time, String id) {
    await().atMost(Duration.ofSeconds(30)).until(() -> client(relay, id).map(c -> c.lastPongAgeMs() == 0 || c.pingsSent() == 0)
        .orElse(true));
  }

  private static Optional<ClientStats> client(TestRelay relay, String id) {
    return relay.core.snapshot().client(id);
  }
}
