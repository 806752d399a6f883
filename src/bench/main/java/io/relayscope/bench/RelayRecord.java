package io.relayscope.bench;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.journal.JournalReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the relay's own journal says of how each bench reader ended, found by the reader's
 * User-Agent: the bench's truth about a reader (it had kept up, or its socket failed) set beside the
 * relay's account of the same connection, so a report can say where the two disagree — a reader that
 * kept up, evicted without "the relay fell behind", is a client the relay wrongly blamed.
 */
final class RelayRecord {
  private final Map<String, String> byAgent;

  private RelayRecord(Map<String, String> byAgent) {
    this.byAgent = byAgent;
  }

  /** No journal (the no-journal relay, another design): nothing to set beside the bench's truth. */
  static final RelayRecord NONE = new RelayRecord(Map.of());

  static RelayRecord read(Path journalDir) throws IOException {
    if (journalDir == null) return NONE;
    return of(JournalReader.read(journalDir, 0, Long.MAX_VALUE).plain());
  }

  static RelayRecord of(List<JournalFact> facts) {
    var agentOf = new HashMap<String, String>();
    var evicted = new HashMap<String, JournalFact>();
    var closed = new HashMap<String, JournalFact>();
    for (JournalFact f : facts) {
      switch (f.kind()) {
        case CLIENT_CONNECTED -> agentOf.put(f.subject(), String.valueOf(f.fields().get("user_agent")));
        case CLIENT_EVICTED -> evicted.put(f.subject(), f);
        case CLIENT_CLOSED -> closed.put(f.subject(), f);
        default -> { }
      }
    }
    var byAgent = new HashMap<String, String>();
    agentOf.forEach((id, agent) -> {
      JournalFact eviction = evicted.get(id);
      JournalFact close = closed.get(id);
      if (eviction != null) {
        boolean behind = Boolean.TRUE.equals(eviction.fields().get("relay_behind"));
        byAgent.put(agent, "the relay says: evicted, " + CloseVerdict.cause(String.valueOf(eviction.fields().get("reason")))
            + (behind ? ", the relay fell behind" : ", the client's fault"));
      } else if (close != null) {
        byAgent.put(agent, "the relay says: " + switch (String.valueOf(close.fields().get("closed_by"))) {
          case "relay" -> "it closed it, " + close.fields().get("code");
          case "client" -> "the client closed, " + close.fields().get("code");
          default -> "the connection ended with no Close";
        });
      }
    });
    return new RelayRecord(byAgent);
  }

  /** The relay's account of the reader that sent {@code userAgent}, or "" when it has none yet. */
  String of(String userAgent) {
    return byAgent.getOrDefault(userAgent, "");
  }

  static String userAgent(int index) {
    return "relayscope-bench/" + index;
  }
}
