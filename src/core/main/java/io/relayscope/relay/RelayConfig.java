package io.relayscope.relay;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * How the WebSocket side behaves. The soft marks (LAGGING) are a quarter of the hard ones: a client is
 * flagged well before it is evicted.
 */
public record RelayConfig(
    String host,
    int port,
    Duration sendTimeout,
    SlowClientPolicy slowClientPolicy,
    long clientQueueBytes,
    int clientQueueFrames,
    Duration jsonPingInterval,
    Duration keepaliveInterval,
    Duration keepaliveTimeout,
    int recentlyClosedCapacity,
    int socketSendBuffer,
    AccessPolicy access,
    int resumeEvents,
    long resumeBytes) {

  public static final String PATH = "/ws/events";
  public static final long DEFAULT_RESUME_BYTES = 64L * 1024 * 1024;

  /** Without a byte bound for the resume ring: {@link #DEFAULT_RESUME_BYTES}. */
  public RelayConfig(String host, int port, Duration sendTimeout, SlowClientPolicy slowClientPolicy, long clientQueueBytes,
      int clientQueueFrames, Duration jsonPingInterval, Duration keepaliveInterval, Duration keepaliveTimeout,
      int recentlyClosedCapacity, int socketSendBuffer, AccessPolicy access, int resumeEvents) {
    this(host, port, sendTimeout, slowClientPolicy, clientQueueBytes, clientQueueFrames, jsonPingInterval,
        keepaliveInterval, keepaliveTimeout, recentlyClosedCapacity, socketSendBuffer, access, resumeEvents,
        DEFAULT_RESUME_BYTES);
  }

  public static RelayConfig defaults() {
    return new RelayConfig(
        "127.0.0.1",
        3002,
        Duration.ofSeconds(2),
        SlowClientPolicy.EVICT,
        8L * 1024 * 1024,
        50_000,
        Duration.ofSeconds(10),
        Duration.ofSeconds(5),
        Duration.ofSeconds(15),
        1000,
        64 * 1024,
        AccessPolicy.defaults(),
        10_000,
        DEFAULT_RESUME_BYTES);
  }

  public RelayConfig {
    if (!positive(sendTimeout)) throw new IllegalArgumentException("send timeout must be positive, got " + sendTimeout);
    if (!positive(keepaliveInterval)) {
      throw new IllegalArgumentException("keepalive interval must be positive, got " + keepaliveInterval);
    }
    if (jsonPingInterval.isNegative()) throw new IllegalArgumentException("JSON ping interval must not be negative (0 disables)");
    if (clientQueueBytes < 1024) throw new IllegalArgumentException("client queue bytes must be at least 1024");
    if (clientQueueFrames < 1) throw new IllegalArgumentException("client queue frames must be positive");
    if (keepaliveTimeout.compareTo(keepaliveInterval) < 0) {
      throw new IllegalArgumentException("keepalive timeout must be at least the keepalive interval");
    }
    if (resumeEvents < 0) throw new IllegalArgumentException("resume buffer must not be negative");
    if (resumeBytes < 0) throw new IllegalArgumentException("resume bytes must not be negative");
    if (recentlyClosedCapacity < 0) throw new IllegalArgumentException("recently closed capacity must not be negative");
    if (access.token() == null && !isLoopback(host)) {
      throw new IllegalArgumentException("listening on " + host + ", beyond this machine, needs --token (or RELAYSCOPE_TOKEN)");
    }
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  /**
   * The most a resuming client's replay may take of its queue: half its caps, so live events keep
   * flowing behind it. A longer replay is a {@code resume_gap} and a fresh {@code initial}.
   */
  public long replayBytesAllowed() {
    return clientQueueBytes / 2;
  }

  /** The most the machine table's {@code initial} may weigh: half the per-client cap, so it always fits. */
  public long initialBytesAllowed() {
    return clientQueueBytes / 2;
  }

  public long softQueueBytes() {
    return clientQueueBytes / 4;
  }

  public long softAgeNanos() {
    return sendTimeout.toNanos() / 4;
  }

  public RelayConfig withPort(int newPort) {
    return new RelayConfig(host, newPort, sendTimeout, slowClientPolicy, clientQueueBytes, clientQueueFrames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, recentlyClosedCapacity, socketSendBuffer, access, resumeEvents, resumeBytes);
  }

  public RelayConfig withSendTimeout(Duration d) {
    return new RelayConfig(host, port, d, slowClientPolicy, clientQueueBytes, clientQueueFrames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, recentlyClosedCapacity, socketSendBuffer, access, resumeEvents, resumeBytes);
  }

  public RelayConfig withSlowClientPolicy(SlowClientPolicy p) {
    return new RelayConfig(host, port, sendTimeout, p, clientQueueBytes, clientQueueFrames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, recentlyClosedCapacity, socketSendBuffer, access, resumeEvents, resumeBytes);
  }

  public RelayConfig withKeepalive(Duration jsonPing, Duration interval, Duration timeout) {
    return new RelayConfig(host, port, sendTimeout, slowClientPolicy, clientQueueBytes, clientQueueFrames,
        jsonPing, interval, timeout, recentlyClosedCapacity, socketSendBuffer, access, resumeEvents, resumeBytes);
  }

  public RelayConfig withResumeEvents(int n) {
    return new RelayConfig(host, port, sendTimeout, slowClientPolicy, clientQueueBytes, clientQueueFrames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, recentlyClosedCapacity, socketSendBuffer, access, n, resumeBytes);
  }

  public RelayConfig withHost(String h) {
    return new RelayConfig(h, port, sendTimeout, slowClientPolicy, clientQueueBytes, clientQueueFrames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, recentlyClosedCapacity, socketSendBuffer, access, resumeEvents, resumeBytes);
  }

  public RelayConfig withAccess(AccessPolicy a) {
    return new RelayConfig(host, port, sendTimeout, slowClientPolicy, clientQueueBytes, clientQueueFrames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, recentlyClosedCapacity, socketSendBuffer, a, resumeEvents, resumeBytes);
  }

  public RelayConfig withSocketSendBuffer(int bytes) {
    return new RelayConfig(host, port, sendTimeout, slowClientPolicy, clientQueueBytes, clientQueueFrames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, recentlyClosedCapacity, bytes, access, resumeEvents, resumeBytes);
  }

  public RelayConfig withRecentlyClosed(int n) {
    return new RelayConfig(host, port, sendTimeout, slowClientPolicy, clientQueueBytes, clientQueueFrames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, n, socketSendBuffer, access, resumeEvents, resumeBytes);
  }

  /** True for loopback names and addresses, which other machines cannot reach. */
  static boolean isLoopback(String host) {
    if (host.equals("localhost")) return true;
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public RelayConfig withClientQueue(long bytes, int frames) {
    return new RelayConfig(host, port, sendTimeout, slowClientPolicy, bytes, frames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, recentlyClosedCapacity, socketSendBuffer, access, resumeEvents, resumeBytes);
  }
}
