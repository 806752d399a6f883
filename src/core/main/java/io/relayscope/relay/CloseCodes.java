package io.relayscope.relay;

/** Application close codes (RFC 6455 reserves 4000–4999 for applications). */
public final class CloseCodes {
  /** Evicted: queue over its byte or frame cap, or a frame unwritten past the write deadline. */
  public static final int SLOW_CLIENT_EVICTED = 4008;
  /** No pong to our pings within the keepalive timeout. */
  public static final int KEEPALIVE_TIMEOUT = 4009;
  /** An operator disconnected the client. */
  public static final int DISCONNECTED_BY_OPERATOR = 4010;
  /** RFC 6455 "going away": the relay is shutting down. */
  public static final int GOING_AWAY = 1001;

  private CloseCodes() {}
}
