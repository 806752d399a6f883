package io.relayscope.metrics;

/**
 * Everything measured about one client at one instant. Times in milliseconds; {@code -1} means
 * "not yet" (no pong received, no close).
 */
public record ClientStats(
    String id,
    String remoteAddress,
    String userAgent,
    String path,
    long connectedAtMillis,
    ClientState state,
    int queueFrames,
    long queueBytes,
    double oldestQueuedAgeMs,
    LatencySummary sendLatency,
    LatencySummary pingRtt,
    double lastPongAgeMs,
    long pingsSent,
    long missedPongs,
    long framesSent,
    long bytesSent,
    long lastSeqSent,
    long sequenceLag,
    long dropped,
    int closeCode,
    String closeReason,
    long closedAtMillis) {}
