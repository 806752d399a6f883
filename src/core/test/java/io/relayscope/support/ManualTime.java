package io.relayscope.support;

import io.relayscope.relay.RelayScheduler;
import io.relayscope.relay.RelayTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.PriorityQueue;

/**
 * Time that stands still until the test steps it. {@link #advance} moves the clocks to each task's
 * due time in turn and runs the task on the calling thread, so a test decides exactly when every
 * deadline, ping and sweep of the relay happens, however busy the machine is. The relay's other
 * threads (sockets, the hub) run for real and read this clock.
 */
public final class ManualTime implements RelayTime {
  private final Object lock = new Object();
  private final PriorityQueue<Entry> due = new PriorityQueue<>();
  private volatile long nanos = 1_000_000_000L; // never 0: the relay reads 0 as "not yet"
  private final long epochMillisAtStart = System.currentTimeMillis();
  private long sequence;

  private final class Entry implements Comparable<Entry>, RelayScheduler.Task {
    final long seq = sequence++;
    long at;
    final long period;
    final Runnable task;
    volatile boolean cancelled;

    Entry(long at, long period, Runnable task) {
      this.at = at;
      this.period = period;
      this.task = task;
    }

    @Override
    public int compareTo(Entry o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  @Override
  public long nanos() {
    return nanos;
  }

  @Override
  public long millis() {
    return epochMillisAtStart + (nanos - 1_000_000_000L) / 1_000_000;
  }

  /** Moves time on by {@code step}, running every task that falls due on the way, in order. */
  public void advance(Duration step) {
    long target = nanos + step.toNanos();
    while (true) {
      Entry next;
      synchronized (lock) {
        next = due.peek();
        if (next == null || next.at > target) break;
        due.poll();
        if (next.cancelled) continue;
        nanos = Math.max(nanos, next.at);
        if (next.period > 0) {
          next.at += next.period;
          due.add(next);
        }
      }
      next.task.run();
    }
    nanos = target;
  }

  /**
   * Moves time on by {@code gap} as a process that was held up sees it: nothing runs on the way, and
   * what fell due runs late, at the new time.
   */
  public void jump(Duration gap) {
    nanos += gap.toNanos();
    runDue();
  }

  /** Runs what is due now (tasks handed to {@code execute} included) without moving time. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  private Entry schedule(long delayNanos, long periodNanos, Runnable task) {
    synchronized (lock) {
      var e = new Entry(nanos + delayNanos, periodNanos, task);
      due.add(e);
      return e;
    }
  }

  @Override
  public RelayScheduler scheduler(String threadName) {
    return new RelayScheduler() {
      private final ArrayList<Entry> mine = new ArrayList<>();

      @Override
      public Task every(Duration initialDelay, Duration period, Runnable task) {
        return keep(schedule(initialDelay.toNanos(), period.toNanos(), task));
      }

      @Override
      public Task after(Duration delay, Runnable task) {
        return keep(schedule(delay.toNanos(), 0, task));
      }

      @Override
      public void execute(Runnable task) {
        keep(schedule(0, 0, task));
      }

      @Override
      public boolean runAndWait(Runnable task, Duration timeout) {
        task.run();
        return true;
      }

      @Override
      public void shutdownNow() {
        synchronized (mine) {
          mine.forEach(Entry::cancel);
          mine.clear();
        }
      }

      private Entry keep(Entry e) {
        synchronized (mine) {
          mine.add(e);
        }
        return e;
      }
    };
  }
}
