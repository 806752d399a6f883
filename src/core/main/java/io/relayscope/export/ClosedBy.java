package io.relayscope.export;

import io.relayscope.journal.JournalFact;

/** Who ended a client's connection, from its {@code CLIENT_CLOSED} fact, in the report's words. */
final class ClosedBy {
  private ClosedBy() {}

  static String of(JournalFact closed) {
    Object by = closed.fields().get("closed_by");
    if ("relay".equals(by)) return "by the relay";
    if ("client".equals(by)) return "by the client";
    if ("connection".equals(by)) return "the client went without a Close";
    // Journals from before closed_by: the library's own word, which calls a reset by the peer the relay's.
    return Boolean.TRUE.equals(closed.fields().get("by_client")) ? "by the client" : "by the relay";
  }

  /** True when the relay ended it (an eviction, keepalive, an operator, a policy close). */
  static boolean byRelay(JournalFact closed) {
    Object by = closed.fields().get("closed_by");
    return by == null ? !Boolean.TRUE.equals(closed.fields().get("by_client")) : "relay".equals(by);
  }
}
