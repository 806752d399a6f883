package io.relayscope.ui.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogEntryTest {
  @Test
  void aFullHandOffQueueIsARejectedRowWithItsCount() {
    // Journaled once a second with a count, and neither preview nor bytes.
    var f = new JournalFact(1, 1000, 0, FactKind.INPUT_REJECTED, "ingest", Map.of("reason", "handoff_full", "count", 12));
    LogEntry e = LogEntry.of(f);
    assertThat(e.kind()).isEqualTo(LogEntry.Kind.REJECTED);
    assertThat(e.summary()).isEqualTo("handoff_full (relay hand-off queue full) · 12 inputs dropped");
    assertThat(e.bytes()).isEqualTo(-1);
  }

  @Test
  void aFloodSummaryIsARejectedRowWithItsCountAndTheLastPreview() {
    var f = new JournalFact(1, 1000, 0, FactKind.INPUT_REJECTED, "datagram", Map.of("reason", "not_json", "count", 4_990L,
        "summary", true, "detail", "Unrecognized token 'garbage'", "preview", "garbage 5999"));
    LogEntry e = LogEntry.of(f);
    assertThat(e.summary()).isEqualTo("not_json (not valid JSON) · preview: garbage 5999 · 4,990 more like it this second");
    assertThat(e.detail()).isEqualTo("Unrecognized token 'garbage'");
  }

  @Test
  void otherFactsAreNoRows() {
    assertThat(LogEntry.of(new JournalFact(1, 1000, 0, FactKind.PING_SENT, "c1", Map.of()))).isNull();
  }

  @Test
  void filtersKeepRejectedInputsUnderAMachineFilterButNotUnderTheirType() {
    var rejected = LogEntry.of(new JournalFact(1, 1000, 0, FactKind.INPUT_REJECTED, "datagram",
        Map.of("reason", "not_json", "detail", "x", "preview", "{oops", "bytes", 5)));
    var event = LogEntry.of(new JournalFact(2, 1000, 0, FactKind.EVENT_RECEIVED, "m1",
        Map.of("seq", 7L, "type", "state_change", "bytes", 90, "source", "datagram", "summary", "a → b", "machine", "m1")));
    assertThat(new LogFilter("m2", Set.of(), "")).accepts(rejected).rejects(event);
    assertThat(new LogFilter(null, Set.of(LogEntry.REJECTED), "")).rejects(rejected).accepts(event);
    assertThat(new LogFilter(null, Set.of(), " OOPS ")).accepts(rejected).rejects(event);
    assertThat(new LogFilter(null, Set.of(), "7")).accepts(event);
  }
}
