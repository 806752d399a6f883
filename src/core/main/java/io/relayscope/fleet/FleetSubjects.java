package io.relayscope.fleet;

import java.nio.charset.StandardCharsets;

/**
 * The fleet's names on NATS, in one place (docs/fleet.md is the contract). Node and machine names
 * become single subject tokens: anything NATS gives a meaning to ({@code . * > } and whitespace)
 * and anything outside printable ASCII becomes {@code _}, so no engine can publish into another
 * node's subjects. The exact machine name travels in the event's own bytes.
 */
public final class FleetSubjects {
  /** JetStream stream holding every node's accepted events, bytes unchanged. */
  public static final String EVENTS_STREAM = "RELAYSCOPE_EVENTS";
  /** JetStream stream holding every node's relay facts (snapshots and journal facts). */
  public static final String FACTS_STREAM = "RELAYSCOPE_FACTS";
  public static final String EVENTS_PREFIX = "relayscope.events.";
  public static final String FACTS_PREFIX = "relayscope.facts.";
  public static final String CONTROL_PREFIX = "relayscope.control.";

  /** The source of an event a relay took from the stream ({@code nats:<node>}): never published again. */
  public static final String SOURCE_PREFIX = "nats:";

  /** Headers on every published event. */
  public static final String HEADER_NODE = "Relayscope-Node";
  public static final String HEADER_RUN = "Relayscope-Run";
  public static final String HEADER_SEQ = "Relayscope-Seq";
  public static final String HEADER_RECEIVED_MS = "Relayscope-Received-Ms";
  /** JetStream de-duplicates on it, so a publish retried after a reconnect is stored once. */
  public static final String HEADER_MSG_ID = "Nats-Msg-Id";

  /** The longest token we make: NATS has no hard limit, but subjects are kept short. */
  static final int MAX_TOKEN_BYTES = 128;

  private FleetSubjects() {}

  /** {@code relayscope.events.<node>.<machine>}; events with no machine go under {@code _}. */
  public static String event(String node, String machine) {
    return EVENTS_PREFIX + token(node) + "." + (machine == null || machine.isEmpty() ? "_" : token(machine));
  }

  /** {@code relayscope.facts.<node>.<kind>}, e.g. kind {@code snapshot} or {@code journal}. */
  public static String facts(String node, String kind) {
    return FACTS_PREFIX + token(node) + "." + token(kind);
  }

  /** {@code relayscope.control.<node>.<command>}, e.g. command {@code disconnect}. */
  public static String control(String node, String command) {
    return CONTROL_PREFIX + token(node) + "." + token(command);
  }

  /**
   * {@code _INBOX.<node>.}: where a node's replies come (JetStream acknowledgements, API answers,
   * consumer deliveries), so its NATS user may subscribe there only and no node reads another's.
   */
  public static String inboxPrefix(String node) {
    return "_INBOX." + token(node) + ".";
  }

  /** The node a subject under one of the prefixes names, or null. */
  public static String nodeOf(String subject) {
    for (String prefix : new String[] {EVENTS_PREFIX, FACTS_PREFIX, CONTROL_PREFIX}) {
      if (subject.startsWith(prefix)) {
        int end = subject.indexOf('.', prefix.length());
        return end < 0 ? subject.substring(prefix.length()) : subject.substring(prefix.length(), end);
      }
    }
    return null;
  }

  /**
   * Whether a message on {@code subject} claims, in its {@code Relayscope-Node} header
   * {@code headerNode}, to come from another node than the subject's. NATS lets each node publish
   * only under its own subjects; the header it cannot be stopped from writing, so readers trust the
   * subject and drop such a message.
   */
  public static boolean forged(String headerNode, String subject) {
    return headerNode != null && !headerNode.equals(nodeOf(subject));
  }

  /** {@code name} as one subject token. */
  public static String token(String name) {
    if (name == null || name.isEmpty()) return "_";
    var sb = new StringBuilder(Math.min(name.length(), MAX_TOKEN_BYTES));
    for (int i = 0; i < name.length() && sb.length() < MAX_TOKEN_BYTES; i++) {
      char c = name.charAt(i);
      boolean plain = c > ' ' && c < 127 && c != '.' && c != '*' && c != '>';
      sb.append(plain ? c : '_');
    }
    return sb.toString();
  }

  /** Whether {@code node} is usable as given (the CLI refuses a node name it would have to change). */
  public static boolean isValidNode(String node) {
    return node != null && !node.isEmpty() && node.getBytes(StandardCharsets.UTF_8).length <= MAX_TOKEN_BYTES
        && token(node).equals(node);
  }
}
