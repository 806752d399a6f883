package io.relayscope.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.TestRelay;
import io.relayscope.ui.ConsoleHarness;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Following live, the Timeline keeps its span and slides with the clock. It once widened the span by
 * its 2 % lead on every frame (10 a second): 36 s wide after 2 s, days within minutes, and the hour
 * labels piled on one another (the fleet console through a NATS outage showed it first).
 */
class TimelineFollowTest {
  @Test
  void followingLiveKeepsTheSpanAndMovesWithTheClock() throws Exception {
    try (var console = ConsoleHarness.start(TestRelay.start())) {
      ConsoleHarness.onFx(() -> {
        console.window.tabs().getSelectionModel().select(console.window.tabs().getTabs().size() - 1);
        return null;
      });
      TimelineCanvas canvas = ConsoleHarness.onFx(() -> (TimelineCanvas) console.scene().lookup("#timeline-canvas"));
      long[] first = ConsoleHarness.onFx(() -> new long[] {canvas.viewStart(), canvas.viewEnd()});
      // 3 s of frames (about 30).
      await().atMost(Duration.ofSeconds(30)).until(() -> ConsoleHarness.onFx(canvas::viewEnd) >= first[1] + 3_000);
      long[] later = ConsoleHarness.onFx(() -> new long[] {canvas.viewStart(), canvas.viewEnd()});
      assertThat(later[1] - later[0]).as("span after 3 s of following").isBetween(first[1] - first[0] - 1, first[1] - first[0] + 1);
      assertThat(later[0]).as("it moved with the clock").isGreaterThan(first[0]);
    }
  }
}
