package io.relayscope.metrics;

/** A client's health as the relay sees it. */
public enum ClientState {
  /** Keeping up. */
  OPEN,
  /** Over the soft mark (queue bytes or oldest-frame age) but its socket still takes bytes. */
  SLOW,
  /** Has queued data and its socket has taken no bytes for longer than the soft age. */
  STALLED,
  /** Close started; waiting for the connection to end. */
  CLOSING,
  CLOSED
}
