package io.relayscope.bench;

/**
 * One benchmark run: {@code healthy} reading clients, {@code stalled} clients that never read, events
 * of {@code payloadBytes} at {@code rate}/s for {@code events} events ({@code rate} 0: as fast as
 * possible, the burst).
 */
public record Scenario(String name, int healthy, int stalled, int rate, int payloadBytes, int events) {
  static Scenario of(int healthy, int stalled, int rate, int payloadBytes, int seconds) {
    return new Scenario(String.format("N=%d K=%d %d/s %s", healthy, stalled, rate, size(payloadBytes)), healthy, stalled, rate,
        payloadBytes, rate * seconds);
  }

  /** Any one point of the grid; rate 0 is a 50,000-event burst. */
  public static Scenario custom(int healthy, int stalled, int rate, int payloadBytes, int seconds) {
    return rate == 0 ? burst(healthy, 50_000) : of(healthy, stalled, rate, payloadBytes, seconds);
  }

  static Scenario burst(int healthy, int events) {
    return new Scenario(String.format("burst %,d N=%d", events, healthy), healthy, 0, 0, 200, events);
  }

  private static String size(int bytes) {
    return bytes >= 1024 ? bytes / 1024 + "KB" : bytes + "B";
  }
}
