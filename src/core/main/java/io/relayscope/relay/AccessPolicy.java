package io.relayscope.relay;

import java.time.Duration;
import java.util.List;

/**
 * Who may connect and how much they may send. {@code token} null means none is required (only
 * allowed on a loopback address); an empty {@code allowedOrigins} accepts any Origin.
 * {@code maxInboundMessageBytes} bounds a whole message, across its continuation frames;
 * {@code maxRequestHeadBytes} bounds an HTTP request head (431 beyond it); {@code listenBacklog} is
 * how many connections the kernel may hold before we accept them.
 */
public record AccessPolicy(
    String token,
    List<String> allowedOrigins,
    int maxClients,
    Duration handshakeTimeout,
    int maxInboundFrameBytes,
    int inboundMessagesPerSecond,
    int maxRequestHeadBytes,
    int listenBacklog) {

  public static final int DEFAULT_MAX_REQUEST_HEAD = 16 * 1024;
  public static final int DEFAULT_LISTEN_BACKLOG = 1024;

  public static AccessPolicy defaults() {
    return new AccessPolicy(null, List.of(), 1024, Duration.ofSeconds(10), 64 * 1024, 100, DEFAULT_MAX_REQUEST_HEAD,
        DEFAULT_LISTEN_BACKLOG);
  }

  public AccessPolicy {
    allowedOrigins = List.copyOf(allowedOrigins);
    if (token != null && token.isBlank()) throw new IllegalArgumentException("the token must not be blank");
    if (maxClients < 1) throw new IllegalArgumentException("max clients must be at least 1");
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) throw new IllegalArgumentException("handshake timeout must be positive");
    if (maxInboundFrameBytes < 125) throw new IllegalArgumentException("inbound frames must be allowed at least 125 bytes");
    if (inboundMessagesPerSecond < 1) throw new IllegalArgumentException("inbound message rate must be at least 1/s");
    if (maxRequestHeadBytes < 1024) throw new IllegalArgumentException("the request head limit must be at least 1KiB");
    if (listenBacklog < 1) throw new IllegalArgumentException("the listen backlog must be at least 1");
  }

  /** Whether a browser from {@code origin} may talk to us; requests without an Origin (not browsers) may. */
  public boolean originAllowed(String origin) {
    return origin == null || origin.isEmpty() || allowedOrigins.isEmpty() || allowedOrigins.contains(origin);
  }

  public AccessPolicy withToken(String t) {
    return new AccessPolicy(t, allowedOrigins, maxClients, handshakeTimeout, maxInboundFrameBytes, inboundMessagesPerSecond,
        maxRequestHeadBytes, listenBacklog);
  }

  public AccessPolicy withAllowedOrigins(List<String> origins) {
    return new AccessPolicy(token, origins, maxClients, handshakeTimeout, maxInboundFrameBytes, inboundMessagesPerSecond,
        maxRequestHeadBytes, listenBacklog);
  }

  public AccessPolicy withMaxClients(int n) {
    return new AccessPolicy(token, allowedOrigins, n, handshakeTimeout, maxInboundFrameBytes, inboundMessagesPerSecond,
        maxRequestHeadBytes, listenBacklog);
  }

  public AccessPolicy withHandshakeTimeout(Duration d) {
    return new AccessPolicy(token, allowedOrigins, maxClients, d, maxInboundFrameBytes, inboundMessagesPerSecond,
        maxRequestHeadBytes, listenBacklog);
  }

  public AccessPolicy withInboundRate(int perSecond) {
    return new AccessPolicy(token, allowedOrigins, maxClients, handshakeTimeout, maxInboundFrameBytes, perSecond,
        maxRequestHeadBytes, listenBacklog);
  }
}
