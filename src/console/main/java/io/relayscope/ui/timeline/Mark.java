package io.relayscope.ui.timeline;

import io.relayscope.journal.JournalFact;
import io.relayscope.ui.theme.ThemeColour;

/**
 * Something drawn on a lane: a point ({@code endMillis == startMillis}) or a span, with the fact it
 * comes from and what kind of mark it is.
 */
record Mark(String lane, long startMillis, long endMillis, Kind kind, JournalFact fact, String label) {
  /** Each kind with its colour, its name and what it means: one for the legend and the marks (and their tooltips). */
  enum Kind {
    EVENT(ThemeColour.ACCENT, "event", "An event the relay received, on its machine's ingest lane."),
    REJECTED(ThemeColour.ERROR, "rejected", "An input the relay rejected (not relayed), with its reason."),
    SEND(ThemeColour.MUTED, "sends", "Frames written to the client (one mark a second)."),
    SLOW_SEND(ThemeColour.LAGGING, "slow send", "A send that took long, from enqueue to written."),
    LAGGING_SPAN(ThemeColour.LAGGING, "LAGGING", "Reading, but behind: queue over its soft mark or bytes unread in the kernel."),
    NOT_READING_SPAN(ThemeColour.NOT_READING, "NOT READING", "Stopped reading: bytes sit unread; evicted (4008) or closed (4009) next."),
    PING(ThemeColour.MUTED, "keepalive ping", "Keepalive: the relay sent the client a ping; a client that reads answers with a pong."),
    PONG(ThemeColour.OK, "keepalive pong", "Keepalive: the client's pong, with the ping's round trip."),
    PONG_MISSED(ThemeColour.ERROR, "no pong", "Keepalive: no pong since the last ping; past the keepalive timeout the relay closes the client (4009)."),
    EVICTED(ThemeColour.ERROR, "evicted 4008", "Evicted with 4008: a frame unwritten past the send timeout (it stopped reading, or the relay fell behind), or its queue reached its cap."),
    CLOSED(ThemeColour.CLOSING, "closed", "The connection ended; the close code says why."),
    CONNECTED(ThemeColour.OK, "connected", "The client connected.");

    private final ThemeColour colour;
    private final String title;
    private final String meaning;

    Kind(ThemeColour colour, String title, String meaning) {
      this.colour = colour;
      this.title = title;
      this.meaning = meaning;
    }

    /** What the canvas draws it in, and its swatch in the legend. */
    ThemeColour colour() {
      return colour;
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
