package io.relayscope.journal;

import java.util.Map;

/**
 * One thing the relay did or saw. {@code id} is the journal's own dense sequence within {@code run}
 * (it restarts with each run); {@code subject} is what the fact is about (a client id, a machine
 * name, or a source such as {@code ingest}).
 */
public record JournalFact(RelayRun run, long id, long atMillis, long atNanos, FactKind kind, String subject, Map<String, Object> fields) {
  public JournalFact {
    if (run == null) run = RelayRun.UNKNOWN;
    // Already immutable, and compact: copying it would undo what it saves.
    if (!(fields instanceof ReceivedEventFields)) fields = Map.copyOf(fields);
  }

  /** A fact of no recorded run (tests, facts from before runs were journaled). */
  public JournalFact(long id, long atMillis, long atNanos, FactKind kind, String subject, Map<String, Object> fields) {
    this(RelayRun.UNKNOWN, id, atMillis, atNanos, kind, subject, fields);
  }

  /** The same fact, of {@code run}. */
  public JournalFact withRun(RelayRun run) {
    return new JournalFact(run, id, atMillis, atNanos, kind, subject, fields);
  }
}
