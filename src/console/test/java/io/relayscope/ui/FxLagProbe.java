package io.relayscope.ui;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import org.HdrHistogram.Histogram;

/**
 * How responsive the FX thread is: every 20 ms a task is posted to it, and how long it waited to
 * run is recorded. A frozen window shows as waits of seconds.
 */
public final class FxLagProbe {
  private final Histogram waits = new Histogram(3);
  private final AtomicLong pending = new AtomicLong();
  private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor();

  private FxLagProbe() {}

  public static FxLagProbe start() {
    var probe = new FxLagProbe();
    probe.probes.scheduleAtFixedRate(probe::post, 0, 20, TimeUnit.MILLISECONDS);
    return probe;
  }

  private void post() {
    long posted = System.nanoTime();
    pending.incrementAndGet();
    Platform.runLater(() -> {
      synchronized (waits) {
        waits.recordValue(System.nanoTime() - posted);
      }
      pending.decrementAndGet();
    });
  }

  /** Stops posting and waits for the tasks already posted, so every wait is counted. */
  public FxLagProbe stop() {
    probes.shutdownNow();
    await().atMost(Duration.ofSeconds(60)).until(() -> pending.get() == 0);
    return this;
  }

  /** The wait at {@code percentile}, in milliseconds. */
  public double ms(double percentile) {
    synchronized (waits) {
      return waits.getValueAtPercentile(percentile) / 1e6;
    }
  }

  public double maxMs() {
    synchronized (waits) {
      return waits.getMaxValue() / 1e6;
    }
  }
}
