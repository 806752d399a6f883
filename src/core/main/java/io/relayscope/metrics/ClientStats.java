package io.relayscope.metrics;

/**
 * Everything measured about one client at one instant. Times in milliseconds; {@code -1} means
 * "not yet" (no pong received, no close). {@code unreadBytes}: bytes sent that the client has not
 * consumed, as the kernel shows it (-1 where the kernel's view is not available); {@code health}:
 * why it is LAGGING or NOT READING ("" when OPEN).
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
    long closedAtMillis,
    long unreadBytes,
    String health) {}
