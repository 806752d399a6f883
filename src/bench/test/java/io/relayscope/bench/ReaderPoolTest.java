package io.relayscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReaderPoolTest {
  @Test
  void aCauseIsTheReasonWithoutItsParticulars() {
    // Found running the quick grid: 1,000 evictions printed as some 150 "causes", one per timing.
    assertEquals("4008 send deadline passed",
        CloseVerdict.cause("4008 send deadline passed: frame unwritten for 2.27 s (send timeout 2.00 s)"));
    assertEquals("1006", CloseVerdict.cause("1006"));
    assertEquals("failed (SocketException)", CloseVerdict.cause("failed (SocketException)"));
    // Found with the ingest thread at SCHED_FIFO: three over-cap evictions printed as two causes.
    assertEquals("4008 send queue over cap", CloseVerdict.cause(
        "4008 send queue over cap (8390980 bytes, 2735 frames; cap 8388608 bytes, 50000 frames)"));
  }
}
