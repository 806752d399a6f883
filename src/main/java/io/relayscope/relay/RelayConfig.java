package io.relayscope.relay;

import java.time.Duration;

/**
 * How the WebSocket side behaves. The soft marks (SLOW) are a quarter of the hard ones: a client is
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
    int resumeEvents) {

  public static final String PATH = "/ws/events";

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
        10_000);
  }

  public RelayConfig {
    if (sendTimeout.isNegative() || sendTimeout.isZero()) throw new IllegalArgumentException("send timeout must be positive");
    if (clientQueueBytes < 1024) throw new IllegalArgumentException("client queue bytes must be at least 1024");
    if (clientQueueFrames < 1) throw new IllegalArgumentException("client queue frames must be positive");
    if (keepaliveTimeout.compareTo(keepaliveInterval) < 0) {
      throw new IllegalArgumentException("keepalive timeout must be at least the keepalive interval");
    }
    if (resumeEvents < 0) throw new IllegalArgumentException("resume buffer must not be negative");
    if (access.token() == null && !isLoopback(host)) {
      throw new IllegalArgumentException("listening on " + host + ", beyond this machine, needs --token (or RELAYSCOPE_TOKEN)");
    }
  }

  public long softQueueBytes() {
    return clientQueueBytes / 4;
  }

  public long softAgeNanos() {
    return sendTimeout.toNanos() / 4;
  }

  public RelayConfig withPort(int newPort) {
    return new RelayConfig(host, newPort, sendTimeout, slowClientPolicy, clientQueueBytes, clientQueueFrames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, recentlyClosedCapacity, socketSendBuffer, access, resumeEvents);
  }

  public RelayConfig withSendTimeout(Duration d) {
    return new RelayConfig(host, port, d, slowClientPolicy, clientQueueBytes, clientQueueFrames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, recentlyClosedCapacity, socketSendBuffer, access, resumeEvents);
  }

  public RelayConfig withSlowClientPolicy(SlowClientPolicy p) {
    return new RelayConfig(host, port, sendTimeout, p, clientQueueBytes, clientQueueFrames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, recentlyClosedCapacity, socketSendBuffer, access, resumeEvents);
  }

  public RelayConfig withKeepalive(Duration jsonPing, Duration interval, Duration timeout) {
    return new RelayConfig(host, port, sendTimeout, slowClientPolicy, clientQueueBytes, clientQueueFrames,
        jsonPing, interval, timeout, recentlyClosedCapacity, socketSendBuffer, access, resumeEvents);
  }

  public RelayConfig withResumeEvents(int n) {
    return new RelayConfig(host, port, sendTimeout, slowClientPolicy, clientQueueBytes, clientQueueFrames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, recentlyClosedCapacity, socketSendBuffer, access, n);
  }

  public RelayConfig withHost(String h) {
    return new RelayConfig(h, port, sendTimeout, slowClientPolicy, clientQueueBytes, clientQueueFrames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, recentlyClosedCapacity, socketSendBuffer, access, resumeEvents);
  }

  public RelayConfig withAccess(AccessPolicy a) {
    return new RelayConfig(host, port, sendTimeout, slowClientPolicy, clientQueueBytes, clientQueueFrames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, recentlyClosedCapacity, socketSendBuffer, a, resumeEvents);
  }

  public RelayConfig withSocketSendBuffer(int bytes) {
    return new RelayConfig(host, port, sendTimeout, slowClientPolicy, clientQueueBytes, clientQueueFrames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, recentlyClosedCapacity, bytes, access, resumeEvents);
  }

  public RelayConfig withRecentlyClosed(int n) {
    return new RelayConfig(host, port, sendTimeout, slowClientPolicy, clientQueueBytes, clientQueueFrames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, n, socketSendBuffer, access, resumeEvents);
  }

  /** True for loopback names and addresses, which other machines cannot reach. */
  static boolean isLoopback(String host) {
    if (host.equals("localhost")) return true;
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  public RelayConfig withClientQueue(long bytes, int frames) {
    return new RelayConfig(host, port, sendTimeout, slowClientPolicy, bytes, frames,
        jsonPingInterval, keepaliveInterval, keepaliveTimeout, recentlyClosedCapacity, socketSendBuffer, access, resumeEvents);
  }
}
