package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** "When did the socket take byte N?" — never earlier than it did, and at most the spacing later. */
class WriteProgressTest {
  private static final long MS = 1_000_000;

  @Test
  void aWriteRightAfterAnEntryIsNotDatedByTheNextWriteLongAfter() {
    var w = new WriteProgress();
    long t = 1_000 * MS;
    w.wrote(t, 100); // a probe ping: an entry
    w.wrote(t + 2 * MS, 300); // an event 2 ms later: no entry of its own
    w.wrote(t + 333 * MS, 500); // the next event, a third of a second later
    assertThat(w.takenBy(250)).as("the event's bytes").isBetween(t + 2 * MS, t + 2 * MS + WriteProgress.SPACING_NANOS);
    assertThat(w.takenBy(450)).isEqualTo(t + 333 * MS);
    assertThat(w.takenBy(50)).isEqualTo(t);
  }

  @Test
  void writesAtTheSameInstantAsAnEntryAreDatedThen() {
    var w = new WriteProgress();
    long t = 5_000 * MS;
    w.wrote(t, 100);
    w.wrote(t, 300); // the same step of a test's clock
    w.wrote(t + 150 * MS, 400);
    assertThat(w.takenBy(250)).isEqualTo(t);
  }

  @Test
  void aSteadyStreamIsDatedWithinTheSpacingAndNeverEarly() {
    var w = new WriteProgress();
    long t0 = 10_000 * MS;
    // A write every 3 ms for a second, 100 bytes each: byte 100*k+1 was taken at t0 + 3 ms * k.
    for (int k = 0; k < 333; k++) w.wrote(t0 + 3 * MS * k, 100L * (k + 1));
    for (int k = 200; k < 333; k++) {
      long truth = t0 + 3 * MS * k;
      assertThat(w.takenBy(100L * k + 1)).as("byte of write " + k).isBetween(truth, truth + WriteProgress.SPACING_NANOS);
    }
  }
}
