package io.relayscope.support;

/**
 * The NATS users the fleet tests run with, written as docs/fleet.md tells an operator to: relays
 * publish events and facts and answer control requests; the console reads the streams through
 * ordered consumers and, only for {@code operator}, may send control requests. {@code viewer}
 * lacks that one permission.
 */
public final class FleetAccounts {
  public static final String RELAY = "relay";
  public static final String OPERATOR = "operator";
  public static final String VIEWER = "viewer";
  public static final String PASSWORD = "secret";

  /** What a console user may publish, besides control requests (the JetStream API of the two streams). */
  public static final String CONSOLE_READS = String.join(", ",
      "\"$JS.API.STREAM.INFO.RELAYSCOPE_EVENTS\"", "\"$JS.API.STREAM.INFO.RELAYSCOPE_FACTS\"",
      "\"$JS.API.CONSUMER.*.RELAYSCOPE_EVENTS.>\"", "\"$JS.API.CONSUMER.*.RELAYSCOPE_FACTS.>\"",
      "\"$JS.API.CONSUMER.MSG.NEXT.RELAYSCOPE_EVENTS.*\"", "\"$JS.API.CONSUMER.MSG.NEXT.RELAYSCOPE_FACTS.*\"");

  private FleetAccounts() {}

  public static String authorization() {
    return """
        authorization {
          users = [
            { user: relay, password: secret }
            { user: operator, password: secret, permissions: {
                publish: { allow: [%s, "relayscope.control.>"] }
                subscribe: { allow: ["_INBOX.>"] } } }
            { user: viewer, password: secret, permissions: {
                publish: { allow: [%s] }
                subscribe: { allow: ["_INBOX.>"] } } }
          ]
        }
        """.formatted(CONSOLE_READS, CONSOLE_READS);
  }
}
