package io.relayscope.relay;

import java.time.Duration;

/**
 * Where the relay's timed work runs: one thread's worth of tasks, in order. The relay wraps what it
 * gives it in a guard; a scheduler only runs it.
 */
public interface RelayScheduler {
  /** Runs {@code task} every {@code period} (fixed rate), the first time after {@code initialDelay}. */
  Task every(Duration initialDelay, Duration period, Runnable task);

  /** Runs {@code task} once, after {@code delay}. */
  Task after(Duration delay, Runnable task);

  /** Runs {@code task} as soon as the scheduler's thread is free. */
  void execute(Runnable task);

  /** Runs {@code task} on the scheduler's thread and waits for it at most {@code timeout}; false if it did not finish. */
  boolean runAndWait(Runnable task, Duration timeout);

  /** Stops the thread; queued tasks do not run. */
  void shutdownNow();

  /** A scheduled task, to cancel. */
  interface Task {
    void cancel();
  }
}
