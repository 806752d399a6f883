package io.relayscope.relay;

import io.relayscope.event.ParseOutcome;
import io.relayscope.event.RawInput;
import io.relayscope.event.RejectReason;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import java.util.Map;

/**
 * Rejected inputs in the journal, aggregated as {@link RefusalLog} does refusals: per reason, the
 * first {@link #DETAILED_PER_SECOND} of each second are their own {@code INPUT_REJECTED} fact (detail,
 * preview, size, ingest count), the rest of that second one fact with a {@code count} and the last
 * one's detail. 50,000 bad datagrams were 50,000 facts (22.6 MB: one bad engine rotated the history
 * away in 30 s); now a few a second. Counting every input (metrics, console) stays the hub's.
 *
 * <p>Not thread-safe: used by whoever holds the hub's work ({@code EventHub}'s owner lock).
 */
final class RejectionLog {
  /** Facts with their own detail, per reason per second. */
  static final int DETAILED_PER_SECOND = 10;
  private static final long SECOND_NANOS = 1_000_000_000L;

  private final Journal journal;
  private final int[] detailed = new int[RejectReason.values().length];
  private final long[] unjournaled = new long[RejectReason.values().length];
  private final ParseOutcome.Rejected[] last = new ParseOutcome.Rejected[RejectReason.values().length];
  private long secondStartedNanos;

  RejectionLog(Journal journal, long nowNanos) {
    this.journal = journal;
    this.secondStartedNanos = nowNanos;
  }

  void rejected(ParseOutcome.Rejected r, long nowNanos) {
    flushIfDue(nowNanos);
    int k = r.reason().ordinal();
    if (detailed[k] < DETAILED_PER_SECOND) {
      detailed[k]++;
      RawInput in = r.input();
      journal.append(FactKind.INPUT_REJECTED, in.source(), Map.of("reason", r.reason().label(), "detail", r.detail(),
          "preview", r.preview(), "bytes", in.size(), "ingest_count", in.ingestCount()));
    } else {
      unjournaled[k]++;
      last[k] = r;
    }
  }

  /** The summaries of the second just ended, once it has ended; called at least every 50 ms by the hub. */
  void flushIfDue(long nowNanos) {
    if (nowNanos - secondStartedNanos < SECOND_NANOS) return;
    secondStartedNanos = nowNanos;
    flush();
  }

  /** Journals what is counted but not yet journaled, and starts a fresh second. */
  void flush() {
    for (int k = 0; k < unjournaled.length; k++) {
      detailed[k] = 0;
      if (unjournaled[k] == 0) continue;
      ParseOutcome.Rejected r = last[k];
      journal.append(FactKind.INPUT_REJECTED, r.input().source(), Map.of("reason", r.reason().label(),
          "count", unjournaled[k], "summary", true, "detail", r.detail(), "preview", r.preview()));
      unjournaled[k] = 0;
      last[k] = null;
    }
  }
}
