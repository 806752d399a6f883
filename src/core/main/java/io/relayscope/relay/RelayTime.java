package io.relayscope.relay;

/**
 * The relay's time: what it reads (monotonic nanos for deadlines and ages, wall-clock millis for what
 * people read) and where it schedules what must happen later. Everything in the relay that decides
 * by time — send deadlines, keepalive, LAGGING and NOT READING, the write-path sweep — goes through
 * one of these, so a test can stand time still and step it.
 */
public interface RelayTime {
  /** Monotonic nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
  long nanos();

  /** Wall-clock milliseconds since the epoch. */
  long millis();

  /** A scheduler whose tasks run one at a time, in order, on their own thread named {@code threadName}. */
  RelayScheduler scheduler(String threadName);

  /** The machine's clocks and real threads. */
  static RelayTime system() {
    return SystemTime.INSTANCE;
  }
}
