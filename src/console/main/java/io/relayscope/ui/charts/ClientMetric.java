package io.relayscope.ui.charts;

/** The figures charted for every connected client, one chart each. */
enum ClientMetric {
  /** Worst send latency of each second, see {@link ClientWindow}. */
  SEND_LATENCY,
  /** Largest queued bytes seen in each second. */
  QUEUE_BYTES,
  /** Time since the client's last pong (since connect before the first), against the keepalive timeout. */
  PONG_AGE,
  /** The latest ping round trip; no point until the first pong. */
  PING_RTT
}
