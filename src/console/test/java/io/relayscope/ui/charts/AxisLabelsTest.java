package io.relayscope.ui.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/** The events/s axis: every tick of one axis has the same number of decimals. */
class AxisLabelsTest {
  @Test
  void ticksOfOneAxisShareTheirDecimals() {
    assertThat(DoubleStream.of(0, 0.5, 1, 1.5, 2).mapToObj(v -> AxisLabels.stepped(v, 0.5)).toList())
        .containsExactly("0.0", "0.5", "1.0", "1.5", "2.0");
    assertThat(DoubleStream.of(0, 0.25, 0.5).mapToObj(v -> AxisLabels.stepped(v, 0.25)).toList())
        .containsExactly("0.00", "0.25", "0.50");
    assertThat(DoubleStream.of(0, 5, 10, 1000).mapToObj(v -> AxisLabels.stepped(v, 5)).toList())
        .containsExactly("0", "5", "10", "1,000");
  }
}
