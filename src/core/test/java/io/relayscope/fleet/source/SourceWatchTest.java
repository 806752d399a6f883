package io.relayscope.fleet.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When the source decides its consumer is gone, and what its lag says (clock given by the test). */
class SourceWatchTest {
  @Test
  void aSourceBehindTheStreamWithNothingArrivingForFiveSecondsIsStalledNeverOneThatIsCaughtUp() {
    var now = new AtomicLong(1_000);
    var watch = new SourceWatch(now::get);
    now.addAndGet(SourceWatch.STALL_NANOS - 1);
    assertThat(watch.stalled(10)).isFalse();
    now.addAndGet(1);
    assertThat(watch.stalled(10)).isTrue();
    assertThat(watch.stalled(0)).as("caught up: nothing to wait for").isFalse();
    watch.progressed();
    assertThat(watch.stalled(10)).isFalse();
  }

  @Test
  void lagIsEventsAfterTheLastReadAndSecondsBetweenTheirServerTimestamps() {
    var read = ZonedDateTime.parse("2024-05-01T10:00:00Z");
    assertThat(SourceLag.of(150, read.plusSeconds(47), 100, read)).isEqualTo(new SourceLag(50, 47.0));
    assertThat(SourceLag.of(100, read, 100, read)).isEqualTo(SourceLag.NONE);
  }
}
