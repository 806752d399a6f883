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
    // A failure says what the socket said, and stays one cause.
    String reset = CloseVerdict.failure(new java.io.IOException("Connection reset by peer"));
    assertEquals("failed (IOException, Connection reset by peer)", reset);
    assertEquals(reset, CloseVerdict.cause(reset));
    assertEquals("failed (SocketException, Broken pipe x)", CloseVerdict.failure(new java.net.SocketException("Broken pipe: x")));
    assertEquals("failed (SocketException)", CloseVerdict.failure(new java.net.SocketException()));
    // Found with the ingest thread at SCHED_FIFO: three over-cap evictions printed as two causes.
    assertEquals("4008 send queue over cap", CloseVerdict.cause(
        "4008 send queue over cap (8390980 bytes, 2735 frames; cap 8388608 bytes, 50000 frames)"));
  }
}
