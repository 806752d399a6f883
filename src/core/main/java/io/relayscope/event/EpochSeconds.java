package io.relayscope.event;

import java.math.BigDecimal;

/** Epoch seconds with millisecond fraction, written as a plain JSON number like upstream's {@code time.time()}. */
public final class EpochSeconds {
  private EpochSeconds() {}

  public static BigDecimal of(long epochMillis) {
    return BigDecimal.valueOf(epochMillis, 3);
  }

  public static BigDecimal now() {
    return of(System.currentTimeMillis());
  }
}
