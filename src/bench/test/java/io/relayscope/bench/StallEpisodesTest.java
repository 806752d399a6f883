package io.relayscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The summary {@code bench --trace-dir} prints, on deliveries whose episodes are known. */
class StallEpisodesTest {
  private static final long MS = 1_000_000;

  @Test
  void findsTheStretchesWhereEveryClientWasLateAndMeasuresTheRest() {
    // Two clients, an event every ms for 2 s. Events sent in [500, 510) ms and [1000, 1020) ms reach
    // both clients 6 ms late; the ones at 1500 ms reach only one client late (a reader's hiccup, not
    // a stall); every other delivery takes 0.2 ms, except client 1's at 300 ms (1 ms).
    int events = 2000;
    long[] sent = new long[2 * events];
    long[] received = new long[2 * events];
    int n = 0;
    for (int e = 0; e < events; e++) {
      for (int c = 0; c < 2; c++) {
        long latency = 200_000;
        if ((e >= 500 && e < 510) || (e >= 1000 && e < 1020)) latency = 6 * MS;
        if (e == 1500 && c == 0) latency = 9 * MS;
        if (e == 300 && c == 1) latency = MS;
        sent[n] = 7 * MS + e * MS; // an origin that is not 0
        received[n] = sent[n] + latency;
        n++;
      }
    }

    var episodes = StallEpisodes.of(sent, received, n);

    assertEquals(2, episodes.count());
    assertEquals(500.0, episodes.medianGapMs(), 0.001);
    // In or near: 495–539 ms (45 events) and 995–1049 ms (55 events), both clients each.
    assertEquals(200.0 / 4000, episodes.shareInEpisodes(), 1e-9);
    assertEquals(0.2, episodes.outsideP50Ms(), 0.001);
    // 3,800 deliveries outside: the 9 ms and the 1 ms one are in the top 1 %, so p99 is 0.2 ms.
    assertEquals(0.2, episodes.outsideP99Ms(), 0.001);
    assertTrue(episodes.describe().startsWith("2 stall episodes (fastest client over 2 ms), one every 500 ms (median), 5.0 %"),
        episodes.describe());
    assertTrue(episodes.describe().endsWith("outside: p50 0.20 ms, p99 0.20 ms"), episodes.describe());
  }

  @Test
  void saysSoWhenThereIsNothingToSay() {
    var none = StallEpisodes.of(new long[0], new long[0], 0);
    assertEquals(0, none.count());
    assertEquals(-1, none.medianGapMs());
    assertEquals(-1, none.outsideP99Ms());
    assertTrue(none.describe().contains("0 stall episodes") && none.describe().contains("p99 —"), none.describe());
  }
}
