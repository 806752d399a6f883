package io.relayscope.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.support.OldJournal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journals written before the journal used the console's words still read, in today's words. */
class OldJournalTest {
  @TempDir Path tmp;

  @Test
  void oldKindNamesReadAsTodaysKinds() throws Exception {
    Path dir = tmp.resolve("journal");
    OldJournal.write(dir);
    var loaded = JournalReader.read(dir, 0, Long.MAX_VALUE);
    assertThat(loaded.warnings()).isEmpty();
    var c4 = loaded.plain().stream().filter(f -> f.subject().equals("c4")).toList();
    assertThat(c4.stream().map(f -> f.kind().name()).toList()).containsExactly("CLIENT_CONNECTED", "CLIENT_LAGGING",
        "CLIENT_NOT_READING", "CLIENT_RECOVERED", "CLIENT_NOT_READING", "CLIENT_EVICTED", "CLIENT_CLOSED");
    // Fields are kept as written: the evidence is the same whatever the kind was called.
    assertThat(c4.get(2).fields()).containsEntry("unread_bytes", 9767L).containsEntry("from", "LAGGING");
  }

  @Test
  void aFactWrittenTodayReadsBackUnderItsNewName() {
    String line = OldJournal.LINES.lines().skip(1).findFirst().orElseThrow();
    String encoded = FactCodec.encode(FactCodec.decode(line));
    assertThat(encoded).contains("\"kind\":\"CLIENT_LAGGING\"").doesNotContain("CLIENT_SLOW");
  }
}
