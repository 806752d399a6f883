package io.relayscope.relay;

/** The WebSocket side could not start; the message is one line an operator can act on. */
public final class RelayStartException extends Exception {
  private static final long serialVersionUID = 1L;

  public RelayStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
