package io.relayscope.ui.timeline;

import io.relayscope.journal.JournalFact;

/**
 * Something drawn on a lane: a point ({@code endMillis == startMillis}) or a span, with the fact it
 * comes from and what kind of mark it is.
 */
record Mark(String lane, long startMillis, long endMillis, Kind kind, JournalFact fact, String label) {
  /** Each kind with its name and what it means: one text for the legend and the marks' tooltips. */
  enum Kind {
    EVENT("event", "An event the relay received, on its machine's ingest lane."),
    REJECTED("rejected", "An input the relay rejected (not relayed), with its reason."),
    SEND("sends", "Frames written to the client (one mark a second)."),
    SLOW_SEND("slow send", "A send that took long, from enqueue to written."),
    LAGGING_SPAN("LAGGING", "Reading, but behind: queue over its soft mark or bytes unread in the kernel."),
    NOT_READING_SPAN("NOT READING", "Stopped reading: bytes sit unread; evicted (4008) or closed (4009) next."),
    PING("keepalive ping", "Keepalive: the relay sent the client a ping; a client that reads answers with a pong."),
    PONG("keepalive pong", "Keepalive: the client's pong, with the ping's round trip."),
    PONG_MISSED("no pong", "Keepalive: no pong since the last ping; past the keepalive timeout the relay closes the client (4009)."),
    EVICTED("evicted 4008", "Evicted with 4008: it did not read within the send timeout, or its queue reached its cap."),
    CLOSED("closed", "The connection ended; the close code says why."),
    CONNECTED("connected", "The client connected.");

    private final String title;
    private final String meaning;

    Kind(String title, String meaning) {
      this.title = title;
      this.meaning = meaning;
    }

    String title() {
      return title;
    }

    String meaning() {
      return meaning;
    }
  }

  boolean isSpan() {
    return endMillis > startMillis;
  }
}
