package io.relayscope.ui.charts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeRingTest {
  @Test
  void keepsTheNewestPointsOldestFirst() {
    var ring = new TimeRing(3);
    for (int i = 1; i <= 5; i++) ring.add(i * 1000L, i * 10.0);
    assertThat(ring.size()).isEqualTo(3);
    assertThat(new long[] {ring.time(0), ring.time(1), ring.time(2)}).containsExactly(3000, 4000, 5000);
    assertThat(ring.value(2)).isEqualTo(50.0);
  }

  @Test
  void dropsPointsOlderThanTheWindow() {
    var ring = new TimeRing(10);
    for (int i = 1; i <= 5; i++) ring.add(i * 1000L, i);
    ring.dropBefore(3500);
    assertThat(ring.size()).isEqualTo(2);
    assertThat(ring.time(0)).isEqualTo(4000);
    ring.dropBefore(10_000);
    assertThat(ring.size()).isZero();
  }

  @Test
  void axisLabelsKeepTheDecimalsATickHas() {
    assertThat(AxisLabels.millis(12.5)).isEqualTo("12.5 ms");
    assertThat(AxisLabels.millis(5)).isEqualTo("5 ms");
    assertThat(AxisLabels.millis(1500)).isEqualTo("1.5 s");
    assertThat(AxisLabels.millis(0.25)).isEqualTo("250 µs");
    assertThat(AxisLabels.bytes(1536)).isEqualTo("1.5 KiB");
  }
}
