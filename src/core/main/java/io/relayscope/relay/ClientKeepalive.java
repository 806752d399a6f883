package io.relayscope.relay;

import io.relayscope.metrics.CumulativeRecorder;
import io.relayscope.metrics.LatencySummary;

/**
 * One client's keepalive state: the ping going out, the one still unanswered, its pongs and their
 * round trips. Apart from the session's queue and write path because it has its own threads (the
 * keepalive thread sends, a Java-WebSocket thread takes the pongs) and its own figures.
 */
final class ClientKeepalive {
  private final long connectedAtNanos;
  private final ReadingWatch reading; // a pong may answer one of its probes instead
  private final CumulativeRecorder pingRtt = new CumulativeRecorder();
  private volatile long lastPongNanos;
  private volatile long pingOutstandingSinceNanos;
  private volatile long lastPingNanos; // the payload of our latest ping
  private volatile long pingsSent;
  private volatile long missedPongs;
  private volatile RelayScheduler.Task keepaliveTask;
  private volatile RelayScheduler.Task jsonPingTask;

  ClientKeepalive(long connectedAtNanos, ReadingWatch reading) {
    this.connectedAtNanos = connectedAtNanos;
    this.reading = reading;
  }

  void tasks(RelayScheduler.Task pings, RelayScheduler.Task jsonPings) {
    keepaliveTask = pings;
    jsonPingTask = jsonPings;
  }

  void cancel() {
    RelayScheduler.Task k = keepaliveTask;
    if (k != null) k.cancel();
    RelayScheduler.Task j = jsonPingTask;
    if (j != null) j.cancel();
  }

  /** Nanos since the last pong, or since connect if none came yet. */
  long silenceNanos(long now) {
    long since = lastPongNanos != 0 ? lastPongNanos : connectedAtNanos;
    return now - since;
  }

  /** Keepalive thread: a ping is about to go out. Returns true if the previous one went unanswered. */
  boolean pingSending(long now) {
    boolean missed = pingOutstandingSinceNanos != 0;
    if (missed) {
      missedPongs++;
    } else {
      pingOutstandingSinceNanos = now;
    }
    pingsSent++;
    lastPingNanos = now;
    return missed;
  }

  /** The payload of the ping being sent: its send time, as {@link #pingSending} recorded it. */
  long pingPayload() {
    return lastPingNanos;
  }

  /**
   * A pong came back carrying {@code sentNanos}. Returns the round trip in nanos, or -1 if it answers
   * no ping of ours that is still outstanding (unsolicited: it does not count as the client alive).
   */
  long pongReceived(long sentNanos, long now) {
    long outstandingSince = pingOutstandingSinceNanos;
    boolean keepalive = outstandingSince != 0 && sentNanos >= outstandingSince && sentNanos <= lastPingNanos;
    if (!keepalive && !reading.isProbe(sentNanos)) return -1;
    long rtt = now - sentNanos;
    pingRtt.record(rtt);
    lastPongNanos = now;
    if (!reading.pong(sentNanos)) pingOutstandingSinceNanos = 0;
    return rtt;
  }

  /** True if that pong answered a probe ping (quiet: not journaled), not a keepalive ping. */
  boolean isProbePong(long sentNanos) {
    return reading.isProbe(sentNanos);
  }

  /** When the last pong came; 0 if none yet. */
  long lastPongNanos() {
    return lastPongNanos;
  }

  LatencySummary rttSummary() {
    return pingRtt.summary();
  }

  long pingsSent() {
    return pingsSent;
  }

  long missedPongs() {
    return missedPongs;
  }
}
