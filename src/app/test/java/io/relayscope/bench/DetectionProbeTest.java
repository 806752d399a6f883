package io.relayscope.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The detection probe end to end, as {@code relayscope bench --detection} runs it: the relay as
 * shipped in its own JVM, real datagrams, a reader on a real socket that stops at a frame the probe
 * chose. Bounds are generous (the targets are the probe's figures); what must hold is the truth of
 * what it measures: every stall flagged, never before it began, the healthy reader never.
 */
class DetectionProbeTest {
  @Test
  void flagsEveryStoppedReaderAfterItStoppedAndNeverTheHealthyOne() throws Exception {
    var log = new StringWriter();
    var probe = new DetectionProbe(List.of("-Xmx256m"), new PrintWriter(log, true), 3, 7);

    var results = probe.run(List.of(new DetectionProbe.Shape(20, 500)));

    var r = results.get(0);
    assertThat(r.trials()).as(log.toString()).hasSize(3).allMatch(DetectionProbe.Trial::detected);
    for (var t : r.trials()) {
      // NOT READING needs 0.5 s of unread evidence: never sooner, and well within the send deadline's reach.
      assertThat(t.notReadingMs()).as(log.toString()).isBetween(450.0, 5_000.0);
      // The start is dated by evidence, never before the reader stopped (or, had it fallen behind, before
      // its last event went out). 2 ms: the two processes' clock readings.
      assertThat(t.datedAfterEarliestMs()).as(log.toString()).isGreaterThanOrEqualTo(-2.0);
      assertThat(t.datedMs()).as(log.toString()).isLessThan(2_000.0);
      assertThat(t.why()).contains("unread");
    }
    assertThat(r.healthyFlagged()).as(log.toString()).isZero();
    assertThat(DetectionProbe.table(results)).contains("20/s × 500 B");
  }
}
