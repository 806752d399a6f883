package io.relayscope.relay;

import java.time.Duration;
import java.util.List;

/**
 * Who may connect and how much they may send. {@code token} null means none is required (only
 * allowed on a loopback address); an empty {@code allowedOrigins} accepts any Origin.
 */
public record AccessPolicy(
    String token,
    List<String> allowedOrigins,
    int maxClients,
    Duration handshakeTimeout,
    int maxInboundFrameBytes,
    int inboundMessagesPerSecond) {

  public static AccessPolicy defaults() {
    return new AccessPolicy(null, List.of(), 1024, Duration.ofSeconds(10), 64 * 1024, 100);
  }

  public AccessPolicy {
    allowedOrigins = List.copyOf(allowedOrigins);
    if (token != null && token.isBlank()) throw new IllegalArgumentException("the token must not be blank");
    if (maxClients < 1) throw new IllegalArgumentException("max clients must be at least 1");
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) throw new IllegalArgumentException("handshake timeout must be positive");
    if (maxInboundFrameBytes < 125) throw new IllegalArgumentException("inbound frames must be allowed at least 125 bytes");
    if (inboundMessagesPerSecond < 1) throw new IllegalArgumentException("inbound message rate must be at least 1/s");
  }

  public AccessPolicy withToken(String t) {
    return new AccessPolicy(t, allowedOrigins, maxClients, handshakeTimeout, maxInboundFrameBytes, inboundMessagesPerSecond);
  }

  public AccessPolicy withAllowedOrigins(List<String> origins) {
    return new AccessPolicy(token, origins, maxClients, handshakeTimeout, maxInboundFrameBytes, inboundMessagesPerSecond);
  }

  public AccessPolicy withMaxClients(int n) {
    return new AccessPolicy(token, allowedOrigins, n, handshakeTimeout, maxInboundFrameBytes, inboundMessagesPerSecond);
  }

  public AccessPolicy withHandshakeTimeout(Duration d) {
    return new AccessPolicy(token, allowedOrigins, maxClients, d, maxInboundFrameBytes, inboundMessagesPerSecond);
  }

  public AccessPolicy withInboundRate(int perSecond) {
    return new AccessPolicy(token, allowedOrigins, maxClients, handshakeTimeout, maxInboundFrameBytes, perSecond);
  }
}
