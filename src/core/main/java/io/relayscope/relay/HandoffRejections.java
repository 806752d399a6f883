package io.relayscope.relay;

import io.relayscope.event.RejectReason;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import io.relayscope.metrics.IngestStatus;
import java.util.Map;
import java.util.function.Supplier;

/** Inputs ingest could not hand to the hub (its queue full): ingest counts them, this journals each second's count. */
final class HandoffRejections {
  private final Supplier<IngestStatus> ingest;
  private final Journal journal;
  private long lastHandoffFull; // monitor thread

  HandoffRejections(Supplier<IngestStatus> ingest, Journal journal) {
    this.ingest = ingest;
    this.journal = journal;
  }

  void journalNew() {
    long handoffFull = ingest.get().handoffFull();
    if (handoffFull > lastHandoffFull) {
      journal.append(FactKind.INPUT_REJECTED, "ingest",
          Map.of("reason", RejectReason.HANDOFF_FULL.label(), "count", handoffFull - lastHandoffFull));
      lastHandoffFull = handoffFull;
    }
  }
}
