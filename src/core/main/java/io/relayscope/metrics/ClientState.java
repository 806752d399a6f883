package io.relayscope.metrics;

/**
 * A client's health as the relay sees it, in the words the console, the README and /metrics use:
 * OPEN → LAGGING → NOT READING → (evicted, closed).
 */
public enum ClientState {
  OPEN("OPEN", "Keeping up: what it is sent, it reads."),
  LAGGING("LAGGING", "Reading, but behind: its queue is over the soft mark (a quarter of the cap or of the send "
      + "timeout), or bytes sit unread in the kernel for over half a second."),
  NOT_READING("NOT READING", "Has stopped reading: bytes sent to it sit unread in the kernel (or it answers no ping) "
      + "for over a second, or its socket takes no bytes. Evicted with 4008 at the send timeout, closed with 4009 at "
      + "the keepalive timeout."),
  CLOSING("CLOSING", "Close started (eviction, keepalive or operator); waiting for the connection to end."),
  CLOSED("CLOSED", "The connection has ended; see its close code.");

  private final String label;
  private final String meaning;

  ClientState(String label, String meaning) {
    this.label = label;
    this.meaning = meaning;
  }

  /** The operator's word for it. */
  public String label() {
    return label;
  }

  /** One or two sentences for a tooltip. */
  public String meaning() {
    return meaning;
  }

  /** LAGGING or NOT READING: needs the operator's eye. */
  public boolean flagged() {
    return this == LAGGING || this == NOT_READING;
  }
}
