package io.relayscope.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The figures the console shows (p50 / p99 / max) stay right after the histograms were made cheap. */
class CumulativeRecorderTest {
  static Stream<Supplier<CumulativeRecorder>> kinds() {
    return Stream.of(CumulativeRecorder::new, CumulativeRecorder::forSerialWriters);
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void percentilesAndMaximumWithinOnePercent(Supplier<CumulativeRecorder> kind) {
    var r = kind.get();
    assertThat(r.summary().count()).isZero();
    for (int i = 1; i <= 1000; i++) {
      r.record(i * 1_000_000L); // 1 ms .. 1000 ms
      if (i % 300 == 0) assertThat(r.summary().count()).isEqualTo(i); // intervals fold into the total
    }
    LatencySummary s = r.summary();
    assertThat(s.count()).isEqualTo(1000);
    assertThat(s.p50Ms()).isCloseTo(500, within(5.0));
    assertThat(s.p99Ms()).isCloseTo(990, within(10.0));
    assertThat(s.maxMs()).isCloseTo(1000, within(10.0));
    assertThat(s.lastMs()).isEqualTo(1000.0);
    r.record(3_000_000_000L); // a 3 s outlier is the new max
    r.record(50_000); // 50 µs
    s = r.summary();
    assertThat(s.count()).isEqualTo(1002);
    assertThat(s.maxMs()).isCloseTo(3000, within(30.0));
    assertThat(s.lastMs()).isEqualTo(0.05);
  }

  /**
   * A summary taken while values are being recorded never loses one: an unchanged recorder is not
   * flipped, and a value recorded around a summary is counted by that summary or by the next.
   */
  @ParameterizedTest
  @MethodSource("kinds")
  void summariesTakenWhileValuesAreRecordedLoseNone(Supplier<CumulativeRecorder> kind) throws Exception {
    var r = kind.get();
    int values = 200_000;
    var writer = new Thread(() -> {
      for (int i = 0; i < values; i++) r.record(1_000L + i % 5_000);
    });
    writer.start();
    long seen = 0;
    while (writer.isAlive()) {
      long now = r.summary().count();
      assertThat(now).isGreaterThanOrEqualTo(seen);
      seen = now;
    }
    writer.join();
    assertThat(r.summary().count()).isEqualTo(values);
    assertThat(r.summary().count()).isEqualTo(values); // and unchanged, asked again
  }
}
