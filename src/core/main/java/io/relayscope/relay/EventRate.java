package io.relayscope.relay;

import java.util.function.LongSupplier;

/** Events a second, measured over the last second (the monitor thread samples, anyone reads). */
final class EventRate {
  private final LongSupplier events;
  private final RelayTime time;
  private long lastCount; // monitor thread
  private long lastNanos; // monitor thread
  private volatile double perSecond;

  EventRate(LongSupplier events, RelayTime time) {
    this.events = events;
    this.time = time;
    this.lastNanos = time.nanos();
  }

  void sample() {
    long now = time.nanos();
    long count = events.getAsLong();
    perSecond = (count - lastCount) * 1e9 / Math.max(1, now - lastNanos);
    lastCount = count;
    lastNanos = now;
  }

  double perSecond() {
    return perSecond;
  }
}
