package io.relayscope.support;

/**
 * The NATS users the fleet tests run with, written as docs/fleet.md tells an operator to: each relay
 * node its own user ({@link #nodeUser}: its own events, facts and control requests; no shared relay
 * user, with which a node could pose as another); the console reads the streams through
 * ordered consumers and, only for {@code operator}, may send control requests. {@code viewer}
 * lacks that one permission.
 */
public final class FleetAccounts {
  public static final String OPERATOR = "operator";
  public static final String VIEWER = "viewer";
  public static final String PASSWORD = "secret";

  /** What a console user may publish, besides control requests (the JetStream API of the two streams). */
  public static final String CONSOLE_READS = String.join(", ",
      "\"$JS.API.STREAM.INFO.RELAYSCOPE_EVENTS\"", "\"$JS.API.STREAM.INFO.RELAYSCOPE_FACTS\"",
      "\"$JS.API.CONSUMER.*.RELAYSCOPE_EVENTS.>\"", "\"$JS.API.CONSUMER.*.RELAYSCOPE_FACTS.>\"",
      "\"$JS.API.CONSUMER.MSG.NEXT.RELAYSCOPE_EVENTS.*\"", "\"$JS.API.CONSUMER.MSG.NEXT.RELAYSCOPE_FACTS.*\"");

  private FleetAccounts() {}

  /**
   * One relay node's own user, as docs/fleet.md gives it: it may publish only its own events and
   * facts, answer only its own control requests, and call only the JetStream API it needs (stream
   * info and create, consumers and messages of the events stream for --nats-source); no stream
   * delete, update or purge. Replies reach it only under its own inbox prefix, {@code _INBOX.<node>.},
   * so no node reads another's.
   */
  public static String nodeUser(String node) {
    return "{ user: " + node + ", password: secret, permissions: " + nodePermissions(node) + " }\n";
  }

  /**
   * A node's user logged in by its client certificate (nats-server {@code tls { verify_and_map: true }}):
   * {@code subject} is the certificate's, e.g. {@code CN=gpu-1}; the permissions are {@link #nodeUser}'s.
   */
  public static String certificateUser(String subject, String node) {
    return "{ user: \"" + subject + "\", permissions: " + nodePermissions(node) + " }\n";
  }

  /** What {@code node}'s user may do (docs/fleet.md, "One NATS user per node"). */
  public static String nodePermissions(String node) {
    return """
        {
            publish: { allow: ["relayscope.events.%1$s.>", "relayscope.facts.%1$s.>",
                               "$JS.API.INFO",
                               "$JS.API.STREAM.INFO.RELAYSCOPE_EVENTS", "$JS.API.STREAM.INFO.RELAYSCOPE_FACTS",
                               "$JS.API.STREAM.CREATE.RELAYSCOPE_EVENTS", "$JS.API.STREAM.CREATE.RELAYSCOPE_FACTS",
                               "$JS.API.STREAM.MSG.GET.RELAYSCOPE_EVENTS",
                               "$JS.API.CONSUMER.CREATE.RELAYSCOPE_EVENTS", "$JS.API.CONSUMER.*.RELAYSCOPE_EVENTS.>",
                               "$JS.API.CONSUMER.MSG.NEXT.RELAYSCOPE_EVENTS.*"] }
            subscribe: { allow: ["relayscope.control.%1$s.>", "_INBOX.%1$s.>"] }
            allow_responses: true }""".formatted(node);
  }

  /**
   * Each of {@code nodes} with its own user ({@link #nodeUser}), the operator and viewer consoles,
   * and {@code admin}, who may do anything (as the NATS operator's own account).
   */
  public static String perNode(String... nodes) {
    var users = new StringBuilder();
    for (String n : nodes) users.append(nodeUser(n));
    return """
        authorization {
          users = [
            %s
            { user: operator, password: secret, permissions: {
                publish: { allow: [%s, "relayscope.control.>"] }
                subscribe: { allow: ["_INBOX.>"] } } }
            { user: viewer, password: secret, permissions: {
                publish: { allow: [%s] }
                subscribe: { allow: ["_INBOX.>"] } } }
            { user: admin, password: secret }
          ]
        }
        """.formatted(users, CONSOLE_READS, CONSOLE_READS);
  }
}
