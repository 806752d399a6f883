package io.relayscope.relay;

/**
 * A token bucket for what one client sends us: {@code perSecond} on average, bursts of twice that.
 * Upstream clients send a ping or a refresh now and then; a flood is not a client we serve.
 */
final class InboundRate {
  private final double perNano;
  private final double capacity;
  private double tokens;
  private final RelayTime time;
  private long lastNanos;

  InboundRate(int perSecond, RelayTime time) {
    this.time = time;
    this.lastNanos = time.nanos();
    this.perNano = perSecond / 1e9;
    this.capacity = 2.0 * perSecond;
    this.tokens = capacity;
  }

  /** Takes one message's worth; false when the client is over its rate. */
  synchronized boolean take() {
    long now = time.nanos();
    tokens = Math.min(capacity, tokens + (now - lastNanos) * perNano);
    lastNanos = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }
}
