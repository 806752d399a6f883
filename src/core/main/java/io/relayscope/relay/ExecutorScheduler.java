package io.relayscope.relay;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link RelayScheduler} on one daemon thread of a {@link ScheduledThreadPoolExecutor}. */
final class ExecutorScheduler implements RelayScheduler {
  private final ScheduledThreadPoolExecutor executor;

  ExecutorScheduler(String threadName) {
    executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    // Cancelled keepalive tasks of closed clients must not pile up in the queue until their next run.
    executor.setRemoveOnCancelPolicy(true);
  }

  @Override
  public Task every(Duration initialDelay, Duration period, Runnable task) {
    var f = executor.scheduleAtFixedRate(task, initialDelay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public Task after(Duration delay, Runnable task) {
    var f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void execute(Runnable task) {
    executor.execute(task);
  }

  @Override
  public boolean runAndWait(Runnable task, Duration timeout) {
    try {
      executor.submit(task).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      return false;
    }
  }

  @Override
  public void shutdownNow() {
    executor.shutdownNow();
  }
}
