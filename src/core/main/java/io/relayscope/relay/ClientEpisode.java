package io.relayscope.relay;

import io.relayscope.metrics.ClientState;

/**
 * One client's incident episode: OPEN → LAGGING → NOT READING → recovered (or closed), with
 * hysteresis. It begins at its evidence's own time (the first byte the client did not read, the
 * probe it did not answer), not when the relay noticed. It escalates at once; it steps back from NOT
 * READING to LAGGING, or recovers to OPEN, only once the client has consumed something since it was
 * flagged (the kernel saw bytes read, or a pong came back), and it recovers only after the evidence
 * has said healthy for {@link #RECOVERY_DWELL_NANOS}: a client that never read again is never
 * "recovered", and one stall is one episode. Monitor thread only.
 */
final class ClientEpisode {
  static final long RECOVERY_DWELL_NANOS = 1_000_000_000L;

  /** A change of state within (or ending) the episode that began at {@code startNanos}. */
  record Change(ClientState from, ClientState to, long startNanos) {}

  private ClientState state = ClientState.OPEN;
  private long startNanos;
  private long progressAtFlag;
  private long healthySinceNanos;

  /**
   * What the evidence says now ({@code seen}, since {@code sinceNanos}) and how much the client has
   * consumed so far ({@code progress}, only ever growing). Returns the change, or null.
   */
  Change observe(ClientState seen, long sinceNanos, long progress, long now) {
    ClientState was = state;
    if (was == ClientState.OPEN) {
      if (seen == ClientState.OPEN) return null;
      state = seen;
      startNanos = sinceNanos;
      progressAtFlag = progress;
      healthySinceNanos = 0;
      return new Change(was, seen, startNanos);
    }
    boolean consumedSince = progress > progressAtFlag;
    if (seen != ClientState.OPEN) {
      healthySinceNanos = 0;
      if (seen == ClientState.NOT_READING && was == ClientState.LAGGING) {
        state = seen;
        return new Change(was, seen, startNanos);
      }
      if (seen == ClientState.LAGGING && was == ClientState.NOT_READING && consumedSince) {
        state = seen; // reading again, still behind
        progressAtFlag = progress;
        return new Change(was, seen, startNanos);
      }
      return null;
    }
    if (!consumedSince) return null;
    if (healthySinceNanos == 0) healthySinceNanos = now;
    if (now - healthySinceNanos < RECOVERY_DWELL_NANOS) return null;
    state = ClientState.OPEN;
    return new Change(was, ClientState.OPEN, startNanos);
  }

  ClientState state() {
    return state;
  }
}
