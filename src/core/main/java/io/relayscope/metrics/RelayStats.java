package io.relayscope.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Relay-wide figures at one instant. {@code lastEvictionMillis} is -1 until a client is evicted;
 * {@code refusedByStatus} counts connections refused at the handshake, by HTTP status.
 * {@code machinesEvicted} counts machines dropped from the table to keep it bounded;
 * {@code resumeBufferBytes} and {@code handoffBytes} are what the resume ring and the ingest
 * hand-off hold now; {@code handoffOldestMs}, how long the oldest input in the hand-off has waited for
 * the hub (how far the relay is behind its input; 0 when it is not).
 * {@code health} is what /health judges by.
 * {@code keepaliveCloses}: clients closed with 4009 (no pong within the keepalive timeout).
 * {@code writeWakeupsRestored}: connections found with bytes queued and no write armed (a wake-up the
 * WebSocket library lost), armed again; {@code closesEnded}: closes that did not complete within the
 * send timeout, their connection ended. {@code handshakesTimedOut}: connections dropped without an
 * answer because they sent no handshake within the handshake timeout (no HTTP status is sent for them).
 */
public record RelayStats(
    long startedAtMillis,
    long uptimeMs,
    String eventSocketPath,
    boolean eventSocketBound,
    String endpoint,
    long eventsIn,
    double eventsPerSecond,
    long lastSeq,
    long lastEventMillis,
    long rejectedTotal,
    Map<String, Long> rejectedByReason,
    long handoffFull,
    int clients,
    long clientsConnectedTotal,
    long evictions,
    long lastEvictionMillis,
    long keepaliveCloses,
    long writeWakeupsRestored,
    long closesEnded,
    long handshakesTimedOut,
    LatencySummary fanOut,
    long journalFacts,
    Map<Integer, Long> refusedByStatus,
    int machines,
    long machinesEvicted,
    long resumeBufferBytes,
    long handoffBytes,
    double handoffOldestMs,
    RelayHealth health) {
  /** Input waiting this long for the hub is worth an operator's notice. */
  public static final double BEHIND_INPUT_MS = 500;

  public RelayStats {
    rejectedByReason = Map.copyOf(rejectedByReason);
    refusedByStatus = Collections.unmodifiableMap(new TreeMap<>(refusedByStatus));
  }

  /** Whether the relay is behind its own input by {@link #BEHIND_INPUT_MS} or more. */
  public boolean behindItsInput() {
    return handoffOldestMs >= BEHIND_INPUT_MS;
  }
}
