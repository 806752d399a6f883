package io.relayscope.metrics;

import java.util.Map;

/**
 * Relay-wide figures at one instant. {@code lastEvictionMillis} is -1 until a client is evicted;
 * {@code keepaliveCloses}: clients closed with 4009 (no pong within the keepalive timeout).
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
    LatencySummary fanOut,
    long journalFacts) {
  public RelayStats {
    rejectedByReason = Map.copyOf(rejectedByReason);
  }
}
