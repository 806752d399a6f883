package io.relayscope.ui.timeline;

import io.relayscope.journal.JournalFact;

/**
 * Something drawn on a lane: a point ({@code endMillis == startMillis}) or a span, with the fact it
 * comes from and what kind of mark it is.
 */
record Mark(String lane, long startMillis, long endMillis, Kind kind, JournalFact fact, String label) {
  enum Kind { EVENT, REJECTED, SEND, SLOW_SEND, SLOW_SPAN, STALLED_SPAN, PING, PONG, PONG_MISSED, EVICTED, CLOSED, CONNECTED }

  boolean isSpan() {
    return endMillis > startMillis;
  }
}
