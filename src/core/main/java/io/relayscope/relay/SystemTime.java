package io.relayscope.relay;

/** The machine's clocks; each scheduler a single daemon thread. */
final class SystemTime implements RelayTime {
  static final SystemTime INSTANCE = new SystemTime();

  private SystemTime() {
  }

  @Override
  public long nanos() {
    return System.nanoTime();
  }

  @Override
  public long millis() {
    return System.currentTimeMillis();
  }

  @Override
  public RelayScheduler scheduler(String threadName) {
    return new ExecutorScheduler(threadName);
  }
}
