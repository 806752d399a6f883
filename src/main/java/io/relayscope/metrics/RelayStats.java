package io.relayscope.metrics;

import java.util.Map;

/**
 * Relay-wide figures at one instant. {@code lastEvictionMillis} is -1 until a client is evicted;
 * {@code health} is what /health judges by.
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
    LatencySummary fanOut,
    long journalFacts,
    RelayHealth health) {
  public RelayStats {
    rejectedByReason = Map.copyOf(rejectedByReason);
  }
}
