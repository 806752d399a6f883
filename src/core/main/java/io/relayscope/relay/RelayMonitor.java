package io.relayscope.relay;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The {@code relay-monitor} thread: one timer for all its periodic work, each part every so many
 * ticks, and the one-off tasks others give it (evictions, the end of a close). Every task is guarded:
 * a scheduled task that throws once would otherwise never run again.
 */
final class RelayMonitor {
  static final long TICK_MS = 50;
  /**
   * The tick while nothing is there to watch: no event for a second, no queued frame, no client
   * flagged or awaiting a probe's pong, no handshake under way. Twenty ticks a second were most of an
   * idle relay's wake-ups (and its JIT's work, compiling code that ran for minutes at that rate); the
   * first event ({@link #wake}) brings the 50 ms tick back at once.
   */
  static final long QUIET_TICK_MS = 250;
  private static final long READING_SAMPLE_MS = 100;
  private static final long HANDSHAKE_CHECK_MS = 200;
  private static final long SECOND_MS = 1000;

  private final RelayScheduler scheduler;
  private final RelayThreads threads;
  private final RelayThreads.Heartbeat beat;
  private final RelayTime time;
  private final AtomicBoolean quiet = new AtomicBoolean();
  private Runnable wakeTick = () -> { }; // set by start
  private RelayScheduler.Task next; // monitor thread

  RelayMonitor(RelayScheduler scheduler, RelayThreads threads, RelayTime time) {
    this.scheduler = scheduler;
    this.threads = threads;
    this.time = time;
    // It ticks at least every 250 ms: 5 s of silence is a stuck thread.
    this.beat = threads.heartbeat("relay-monitor", 5000);
  }

  /**
   * Starts the ticks. One timer rather than one per part: four timers of their own woke the thread
   * twice as often when idle (43 wake-ups a second instead of 20). Each part runs once its period has
   * passed, at the tick that finds it due; {@code busy} says after each tick whether the next comes in
   * 50 ms or, with nothing to watch, in 250 ms.
   */
  void start(TickWork everyTick, Runnable readingSample, Runnable handshakeCheck, Runnable everySecond, BooleanSupplier busy) {
    var cadence = new Cadence(everyTick, guard(readingSample), guard(handshakeCheck), guard(everySecond), busy);
    wakeTick = cadence::woken;
    next = scheduler.after(Duration.ofMillis(TICK_MS), () -> cadence.tick(TimeUnit.MILLISECONDS.toNanos(TICK_MS)));
  }

  /**
   * Something to watch has begun (an event came): a quiet monitor ticks now and at the busy rate from
   * then on. Cheap enough for every round of the hub: a volatile read unless the monitor is quiet.
   */
  void wake() {
    if (quiet.get() && quiet.compareAndSet(true, false)) {
      try {
        scheduler.execute(wakeTick);
      } catch (RejectedExecutionException e) {
        // the relay is stopping: no more ticks
      }
    }
  }

  /** Whether the monitor ticks at the quiet rate now. */
  boolean quiet() {
    return quiet.get();
  }

  /** The chain of ticks, on the monitor thread only. */
  private final class Cadence {
    private final TickWork everyTick;
    private final Runnable reading;
    private final Runnable handshakes;
    private final Runnable second;
    private final BooleanSupplier busy;
    private final long halfTick = TimeUnit.MILLISECONDS.toNanos(TICK_MS) / 2;
    private long lastReading;
    private long lastHandshakes;
    private long lastSecond;

    Cadence(TickWork everyTick, Runnable reading, Runnable handshakes, Runnable second, BooleanSupplier busy) {
      this.everyTick = everyTick;
      this.reading = reading;
      this.handshakes = handshakes;
      this.second = second;
      this.busy = busy;
      long now = time.nanos();
      lastReading = lastHandshakes = lastSecond = now;
    }

    /** A tick due {@code expectedNanos} after the last one. */
    void tick(long expectedNanos) {
      long start = 0;
      try {
        start = time.nanos();
        run(start, expectedNanos);
      } catch (Throwable t) {
        threads.failed("relay-monitor", t);
      } finally {
        scheduleNext(start); // whatever failed: the chain of ticks must never end
      }
    }

    private void run(long now, long expectedNanos) {
      try {
        beat.beat();
        everyTick.run(expectedNanos);
      } catch (Throwable t) {
        threads.failed("relay-monitor", t); // and the other parts still run
      }
      // Each part once its period is over; half a tick's slack so that 50 ms ticks keep 100 ms and 1 s exact.
      if (now - lastReading >= TimeUnit.MILLISECONDS.toNanos(READING_SAMPLE_MS) - halfTick) {
        lastReading = now;
        reading.run();
      }
      if (now - lastHandshakes >= TimeUnit.MILLISECONDS.toNanos(HANDSHAKE_CHECK_MS) - halfTick) {
        lastHandshakes = now;
        handshakes.run();
      }
      if (now - lastSecond >= TimeUnit.MILLISECONDS.toNanos(SECOND_MS) - halfTick) {
        lastSecond = now;
        second.run();
      }
    }

    /** Woken early (an event came while quiet): the pending quiet tick gives way to one now. */
    void woken() {
      if (next != null) next.cancel();
      tick(TimeUnit.MILLISECONDS.toNanos(QUIET_TICK_MS));
    }

    private void scheduleNext(long tickStart) {
      long period = TimeUnit.MILLISECONDS.toNanos(TICK_MS);
      long delay = period;
      try {
        // Quiet first, then look: an event that comes in between wakes us (at worst one tick too many).
        quiet.set(true);
        boolean watching = busy.getAsBoolean();
        if (watching) quiet.set(false);
        if (!watching) period = TimeUnit.MILLISECONDS.toNanos(QUIET_TICK_MS);
        // At a fixed rate, as before: the next tick is due one period after this one began.
        delay = tickStart == 0 ? period : Math.max(0, period - (time.nanos() - tickStart));
      } catch (Throwable t) {
        quiet.set(false);
        threads.failed("relay-monitor", t);
      }
      long expected = period;
      next = scheduler.after(Duration.ofNanos(delay), () -> tick(expected));
    }
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
