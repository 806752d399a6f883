package io.relayscope.journal;

import java.util.Map;

/**
 * One thing the relay did or saw. {@code id} is the journal's own dense sequence; {@code subject} is
 * what the fact is about (a client id, a machine name, or a source such as {@code ingest}).
 */
public record JournalFact(long id, long atMillis, long atNanos, FactKind kind, String subject, Map<String, Object> fields) {
  public JournalFact {
    fields = Map.copyOf(fields);
  }
}
