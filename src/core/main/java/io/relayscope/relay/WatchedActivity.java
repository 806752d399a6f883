package io.relayscope.relay;

import io.relayscope.metrics.ClientState;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Whether anything needs the monitor's close watch (its 50 ms tick) or it may tick quietly: inputs in
 * the last second, or any client with frames queued (ours or the library's: a ping, a Close), flagged,
 * awaiting a probe's pong or with data not yet seen read, or a handshake under way. The monitor thread asks after each tick.
 */
final class WatchedActivity implements BooleanSupplier {
  /** Inputs this recent keep the watch close: a stream's gaps are not quiet. */
  static final long RECENT_NANOS = 1_000_000_000L;

  private final LongSupplier inputs;
  private final ClientSessions sessions;
  private final HandshakeTimeouts handshakes;
  private final RelayTime time;
  private long lastInputs = -1; // monitor thread
  private long inputsChangedNanos; // monitor thread

  WatchedActivity(LongSupplier inputs, ClientSessions sessions, HandshakeTimeouts handshakes, RelayTime time) {
    this.inputs = inputs;
    this.sessions = sessions;
    this.handshakes = handshakes;
    this.time = time;
  }

  @Override
  public boolean getAsBoolean() {
    long now = time.nanos();
    long n = inputs.getAsLong();
    if (n != lastInputs) {
      lastInputs = n;
      inputsChangedNanos = now;
    }
    if (now - inputsChangedNanos < RECENT_NANOS || handshakes.pending()) return true;
    for (ClientSession s : sessions.all()) {
      if (s.queuedFrames() > 0 || !s.connection().outQueue.isEmpty() || s.state() != ClientState.OPEN
          || s.reading().probeOutstanding()
          || s.reading().dataUnconfirmed(now, s.dataBytesSent(), 0)) {
        return true;
      }
    }
    return false;
  }
}
