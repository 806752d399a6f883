package io.relayscope.relay;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import java.util.Map;

/** Per-client send aggregates, journaled every second and at a client's end; {@code last_seq} says how far each got. */
final class SendIntervals {
  private final ClientSessions sessions;
  private final Journal journal;

  SendIntervals(ClientSessions sessions, Journal journal) {
    this.sessions = sessions;
    this.journal = journal;
  }

  /** Every connected client's interval since the last call. */
  void journalAll() {
    for (ClientSession s : sessions.all()) journal(s);
  }

  /** {@code s}'s interval since the last call, if it sent anything. */
  void journal(ClientSession s) {
    long[] sends = s.takeSendInterval();
    if (sends != null) {
      journal.append(FactKind.SENDS, s.id(), Map.of("frames", sends[0], "bytes", sends[1],
          "max_latency_ms", sends[2] / 1e6, "slow_frames", sends[3], "last_seq", s.lastSeqSent()));
    }
  }
}
