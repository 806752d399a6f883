package io.relayscope.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/** Figures that change every frame keep their shape, so the eye reads the value, not the jitter. */
class FormatTest {
  @Test
  void eventsPerSecondAlwaysHasOneDecimal() {
    // A demo's rate wanders around 2/s and crosses 10/s: every reading has exactly one decimal.
    var shown = DoubleStream.of(0, 1.96, 2, 2.04, 9.96, 10, 10.4, 123.45, 4_321.06).mapToObj(Format::rate).toList();
    assertThat(shown).containsExactly("0.0", "2.0", "2.0", "2.0", "10.0", "10.0", "10.4", "123.5", "4,321.1");
  }
}
