package io.relayscope.ui;

import static io.relayscope.ui.ConsoleHarness.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An idle relay's window samples once a second (only ages and the uptime move on it, by the second);
 * the first input brings the frame rate back at once (issue #26: the console's idle cost).
 */
class ConsoleCadenceTest {
  private static final long MS = 1_000_000L;
  private static final long PERIOD = ConsoleLauncher.FRAME_MILLIS;

  @Test
  void quietAfterTwoSecondsWithoutInputAndAtFullRateFromTheFirstInput() {
    var inputs = new AtomicLong();
    var now = new AtomicLong();
    var model = new ConsoleModel(null, null, PERIOD, inputs::get, now::get);
    List<Long> sampledAt = new ArrayList<>();
    for (long t = 0; t <= 6_000; t += PERIOD) {
      now.set(t * MS);
      if (t == 4_000) inputs.incrementAndGet();
      if (model.due()) sampledAt.add(t);
    }
    // Every period until two seconds pass without input, then every second; the input at 4 s is sampled
    // at once, and the rate holds for two seconds after it.
    assertThat(sampledAt).containsExactly(0L, 250L, 500L, 750L, 1_000L, 1_250L, 1_500L, 1_750L, 2_750L, 3_750L,
        4_000L, 4_250L, 4_500L, 4_750L, 5_000L, 5_250L, 5_500L, 5_750L);
  }

  @Test
  void anIdleWindowSamplesOnceASecondAndAnEventShowsWithinAPeriod() throws Exception {
    try (var console = ConsoleHarness.start(TestRelay.start())) {
      var reader = RecordingClient.connect(console.relay.wsUrl());
      ConsoleModel model = console.window.model();
      await().atMost(Duration.ofSeconds(30)).until(() -> onFx(() -> model.lastRendered() != null
          && model.lastRendered().relay().clients().size() == 1));
      // Quiet: no input since the start, more than two seconds ago by the end of this.
      awaitSamplesOver(model, 2_500);
      long before = model.samples();
      long idle = awaitSamplesOver(model, 4_000) - before;
      System.out.printf("idle window: %d samples in 4 s%n", idle);
      assertThat(idle).as("about one a second (every period: 16)").isBetween(2L, 6L);

      try (var sender = console.relay.sender()) {
        sender.send(EventSender.numbered(1, 200));
        await().atMost(Duration.ofSeconds(5)).until(() -> console.relay.core.snapshot().relay().eventsIn() >= 1);
        long at = model.samples();
        long after = awaitSamplesOver(model, 1_500) - at;
        System.out.printf("after one event: %d samples in 1.5 s%n", after);
        assertThat(after).as("every period again (quiet: 1 or 2)").isGreaterThanOrEqualTo(4L);
        await().atMost(Duration.ofSeconds(5)).until(() -> onFx(() -> model.lastRendered().relay().relay().eventsIn() >= 1));
      }
      reader.close();
    }
  }

  /** The sampler's count after {@code millis} of real time (a latch-free wait on the real window). */
  private static long awaitSamplesOver(ConsoleModel model, long millis) {
    long end = System.nanoTime() + millis * MS;
    await().atMost(Duration.ofMillis(millis + 5_000)).pollInterval(Duration.ofMillis(50)).until(() -> System.nanoTime() >= end);
    return model.samples();
  }
}
