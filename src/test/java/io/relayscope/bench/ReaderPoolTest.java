package io.relayscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReaderPoolTest {
  @Test
  void aCauseIsTheReasonWithoutItsParticulars() {
    // Found running the quick grid: 1,000 evictions printed as some 150 "causes", one per timing.
    assertEquals("4008 send deadline passed",
        ReaderPool.cause("4008 send deadline passed: frame unwritten for 2.27 s (send timeout 2.00 s)"));
    assertEquals("1006", ReaderPool.cause("1006"));
    assertEquals("failed (SocketException)", ReaderPool.cause("failed (SocketException)"));
  }
}
