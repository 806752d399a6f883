package io.relayscope.relay;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keepalive, on the {@code relay-keepalive} thread: per client an RFC ping every keepalive interval,
 * closing a client whose pongs stopped for the keepalive timeout, and upstream's JSON ping if asked for.
 * A pause of the relay's own is nobody's silence (it neither sent pings nor read pongs): silence counts
 * from the end of the last pause, as every other age does.
 */
final class Keepalive {
  private final RelayScheduler scheduler;
  private final RelayThreads threads;
  private final RelayThreads.Heartbeat beat;
  private final RelayConfig config;
  private final Journal journal;
  private final RelayTime time;
  private final PauseDetector pauses;
  private final ClientCloser closer;
  private final ControlFrames controls;
  private final ClientSession.OverCapHandler overCap;
  private final AtomicLong closes = new AtomicLong();

  Keepalive(RelayScheduler scheduler, RelayThreads threads, RelayConfig config, Journal journal, RelayTime time,
      PauseDetector pauses, ClientCloser closer, ControlFrames controls, ClientSession.OverCapHandler overCap) {
    this.scheduler = scheduler;
    this.threads = threads;
    // It beats every second (start): 5 s of silence is a stuck thread.
    this.beat = threads.heartbeat("relay-keepalive", 5000);
    this.config = config;
    this.journal = journal;
    this.time = time;
    this.pauses = pauses;
    this.closer = closer;
    this.controls = controls;
    this.overCap = overCap;
  }

  void start() {
    scheduler.every(Duration.ZERO, Duration.ofSeconds(1), guard(beat::beat));
  }

  /** Starts {@code session}'s pings; the session cancels them when it closes. */
  void schedule(ClientSession session) {
    Duration interval = config.keepaliveInterval();
    Duration jsonInterval = config.jsonPingInterval();
    session.keepalive().tasks(
        scheduler.every(interval, interval, guard(() -> ping(session))),
        jsonInterval.isZero() ? null : scheduler.every(jsonInterval, jsonInterval, guard(() -> jsonPing(session))));
  }

  /** Clients closed for a keepalive timeout. */
  long closes() {
    return closes.get();
  }

  void shutdownNow() {
    scheduler.shutdownNow();
  }

  private Runnable guard(Runnable task) {
    return threads.guard("relay-keepalive", task);
  }

  private void ping(ClientSession session) {
    long now = time.nanos();
    long silence = session.keepalive().silenceNanos(now);
    long sincePause = now - pauses.lastEndNanos();
    if (Math.min(silence, sincePause) > config.keepaliveTimeout().toNanos()) {
      String reason = silence <= sincePause
          ? String.format("no pong for %.1f s (keepalive timeout %d s)", silence / 1e9, config.keepaliveTimeout().toSeconds())
          : String.format("no pong for %.1f s since the relay's own pause ended (keepalive timeout %d s)", sincePause / 1e9,
              config.keepaliveTimeout().toSeconds());
      journal.append(FactKind.PONG_MISSED, session.id(), Map.of("silence_ms", silence / 1e6, "closing", true));
      if (closer.close(session, CloseCodes.KEEPALIVE_TIMEOUT, reason)) closes.incrementAndGet();
      return;
    }
    if (session.keepalive().pingSending(now)) {
      journal.append(FactKind.PONG_MISSED, session.id(), Map.of("silence_ms", silence / 1e6, "closing", false));
    }
    // Our own frame rather than the library's sendPing: its payload is the time the session expects back.
    // Through the connection's guard: never after our Close. Not open any more: onClose does the bookkeeping.
    if (session.connection().offerControl(ControlFrames.ping(session.keepalive().pingPayload()))) {
      journal.append(FactKind.PING_SENT, session.id(), Map.of());
    }
  }

  private void jsonPing(ClientSession session) {
    session.enqueue(controls.jsonPing(), overCap);
  }
}
