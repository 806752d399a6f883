package io.relayscope.relay;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import java.util.Map;

/**
 * Per-client send aggregates, journaled every second in which a frame of ours was written and at a
 * client's end; {@code last_seq} says how far each got.
 */
final class SendIntervals {
  private final ClientSessions sessions;
  private final Journal journal;

  SendIntervals(ClientSessions sessions, Journal journal) {
    this.sessions = sessions;
    this.journal = journal;
  }

  /** Every connected client's interval since the last call, where it wrote a frame of ours. */
  void journalAll() {
    for (ClientSession s : sessions.all()) journal(s, false);
  }

  /** {@code s}'s last interval, at its end, if it sent anything. */
  void journalLast(ClientSession s) {
    journal(s, true);
  }

  private void journal(ClientSession s, boolean last) {
    long[] sends = s.takeSendInterval(last);
    if (sends != null) {
      journal.append(FactKind.SENDS, s.id(), Map.of("frames", sends[0], "bytes", sends[1],
          "max_latency_ms", sends[2] / 1e6, "slow_frames", sends[3], "last_seq", s.lastSeqSent()));
    }
  }
}
