package io.relayscope.ui;

import static io.relayscope.ui.ConsoleHarness.onFx;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Scene;

/**
 * How often a real scene pulses, counted by its own post-layout pulse hook: every pulse is a CSS,
 * layout and (software) render pass on the FX thread, CPU the relay beside the window competes for.
 */
public final class ScenePulses {
  private ScenePulses() {}

  /** Pulses {@code scene} ran over {@code seconds}, a second. */
  public static double perSecond(Scene scene, int seconds) throws Exception {
    var pulses = new AtomicInteger();
    Runnable count = pulses::incrementAndGet;
    onFx(() -> {
      scene.addPostLayoutPulseListener(count);
      return null;
    });
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L); // the measurement itself: pulses counted over a wall-clock window
    onFx(() -> {
      scene.removePostLayoutPulseListener(count);
      return null;
    });
    return pulses.get() / ((System.nanoTime() - t0) / 1e9);
  }

  /**
   * Until the scene's start-up has stopped pulsing: at most {@code atMost} a second over one second.
   * On a loaded CI machine a console still pulsed 56 times a second 2 s after its first frame, the
   * time this once slept. A window that never stops pulsing never settles, and fails here.
   */
  public static void settle(Scene scene, double atMost) {
    await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ZERO)
        .until(() -> perSecond(scene, 1) <= atMost);
  }
}
