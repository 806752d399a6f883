package io.relayscope.relay;

import java.time.Duration;

/**
 * The {@code relay-monitor} thread: one timer for all its periodic work, each part every so many
 * ticks, and the one-off tasks others give it (evictions, the end of a close). Every task is guarded:
 * a scheduled task that throws once would otherwise never run again.
 */
final class RelayMonitor {
  static final long TICK_MS = 50;
  private static final long READING_SAMPLE_MS = 100;
  private static final long HANDSHAKE_CHECK_MS = 200;
  private static final long SECOND_MS = 1000;

  private final RelayScheduler scheduler;
  private final RelayThreads threads;
  private final RelayThreads.Heartbeat beat;

  RelayMonitor(RelayScheduler scheduler, RelayThreads threads) {
    this.scheduler = scheduler;
    this.threads = threads;
    // It ticks every 50 ms: 5 s of silence is a stuck thread.
    this.beat = threads.heartbeat("relay-monitor", 5000);
  }

  /**
   * Starts the ticks. One timer rather than one per part: four timers of their own woke the thread
   * twice as often when idle (43 wake-ups a second instead of 20).
   */
  void start(TickWork everyTick, Runnable readingSample, Runnable handshakeCheck, Runnable everySecond) {
    Duration tick = Duration.ofMillis(TICK_MS);
    long tickNanos = tick.toNanos();
    Runnable checks = guard(() -> {
      beat.beat();
      everyTick.run(tickNanos);
    });
    Runnable reading = guard(readingSample);
    Runnable handshakes = guard(handshakeCheck);
    Runnable second = guard(everySecond);
    long[] ticks = {0}; // the monitor thread's only
    scheduler.every(tick, tick, () -> {
      long n = ++ticks[0];
      checks.run();
      if (n % (READING_SAMPLE_MS / TICK_MS) == 0) reading.run();
      if (n % (HANDSHAKE_CHECK_MS / TICK_MS) == 0) handshakes.run();
      if (n % (SECOND_MS / TICK_MS) == 0) second.run();
    });
  }

  /** Runs {@code task} on the monitor thread as soon as it is free. */
  void execute(Runnable task) {
    scheduler.execute(guard(task));
  }

  /** Runs {@code task} on the monitor thread after {@code delay}. */
  void after(Duration delay, Runnable task) {
    scheduler.after(delay, guard(task));
  }

  /** Runs {@code task} on the monitor thread and waits for it at most {@code timeout}. */
  void runAndWait(Runnable task, Duration timeout) {
    scheduler.runAndWait(task, timeout);
  }

  void shutdownNow() {
    scheduler.shutdownNow();
  }

  private Runnable guard(Runnable task) {
    return threads.guard("relay-monitor", task);
  }

  /** The work of every tick, told the tick's length. */
  interface TickWork {
    void run(long tickNanos);
  }
}
