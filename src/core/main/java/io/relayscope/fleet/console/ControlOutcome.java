package io.relayscope.fleet.console;

/**
 * How a command sent to a node ended, as the operator is told. A permissions violation is its own
 * outcome: the server drops the request and says why, so it must not be reported as a timeout.
 */
public record ControlOutcome(Kind kind, String detail) {
  public enum Kind {
    /** The node did it. */
    OK,
    /** The node answered that it could not (e.g. no such client). */
    ERROR,
    /** NATS refused to carry the request: the console's user may not publish to the control subject. */
    REFUSED,
    /** No relay listens on that node's control subject (node down, or started without --nats). */
    NO_RESPONDER,
    /** Nobody answered in time. */
    TIMEOUT
  }

  public static ControlOutcome ok(String detail) {
    return new ControlOutcome(Kind.OK, detail);
  }

  /** One line for the operator. */
  public String text() {
    return switch (kind) {
      case OK -> detail.isEmpty() ? "done" : detail;
      case ERROR -> "failed: " + detail;
      case REFUSED -> "refused: no permission (" + detail + ")";
      case NO_RESPONDER -> "no relay answers for node " + detail;
      case TIMEOUT -> "no answer within " + detail;
    };
  }
}
