package io.relayscope.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journals written before the journal used the console's words still read, in today's words. */
class OldJournalTest {
  @TempDir Path tmp;

  /** A client flagged, recovered, flagged again and evicted, as a relay wrote it before the rename. */
  static final String OLD_LINES = String.join("\n",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":1,\"at\":1795635601000,\"kind\":\"CLIENT_CONNECTED\",\"subject\":\"c4\","
          + "\"fields\":{\"remote\":\"127.0.0.1:5000\",\"user_agent\":\"probe\"}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":2,\"at\":1795635602000,\"kind\":\"CLIENT_SLOW\",\"subject\":\"c4\","
          + "\"fields\":{\"from\":\"OPEN\",\"queue_bytes\":9000,\"queue_frames\":3,\"oldest_ms\":600.0,\"unread_bytes\":9767,\"why\":\"x\"}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":3,\"at\":1795635603000,\"kind\":\"CLIENT_STALLED\",\"subject\":\"c4\","
          + "\"fields\":{\"from\":\"LAGGING\",\"queue_bytes\":9000,\"queue_frames\":3,\"oldest_ms\":1600.0,\"unread_bytes\":9767,\"why\":\"y\"}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":4,\"at\":1795635604000,\"kind\":\"CLIENT_RECOVERED\",\"subject\":\"c4\","
          + "\"fields\":{\"from\":\"NOT_READING\",\"queue_bytes\":0,\"queue_frames\":0,\"oldest_ms\":0.0,\"unread_bytes\":0,\"why\":\"\"}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":5,\"at\":1795635605000,\"kind\":\"CLIENT_STALLED\",\"subject\":\"c4\","
          + "\"fields\":{\"from\":\"OPEN\",\"queue_bytes\":9000,\"queue_frames\":3,\"oldest_ms\":1100.0,\"unread_bytes\":14128,\"why\":\"z\"}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":6,\"at\":1795635607000,\"kind\":\"CLIENT_EVICTED\",\"subject\":\"c4\","
          + "\"fields\":{\"reason\":\"send deadline passed\",\"dropped_frames\":4,\"queue_bytes\":5321,\"oldest_ms\":2016.2}}",
      "{\"run\":\"old1\",\"run_started\":1795635600000,\"id\":7,\"at\":1795635607010,\"kind\":\"CLIENT_CLOSED\",\"subject\":\"c4\","
          + "\"fields\":{\"code\":4008,\"by_client\":false,\"reason\":\"evicted\",\"dropped\":5}}") + "\n";

  /** Writes {@link #OLD_LINES} as a journal file in {@code dir}; returns the file. */
  public static Path writeOldJournal(Path dir) throws Exception {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve("journal-20261201-031500-000-0001.jsonl"), OLD_LINES);
  }

  @Test
  void oldKindNamesReadAsTodaysKinds() throws Exception {
    Path dir = tmp.resolve("journal");
    writeOldJournal(dir);
    var loaded = JournalReader.read(dir, 0, Long.MAX_VALUE);
    assertThat(loaded.warnings()).isEmpty();
    assertThat(loaded.plain().stream().map(f -> f.kind().name()).toList()).containsExactly("CLIENT_CONNECTED", "CLIENT_LAGGING",
        "CLIENT_NOT_READING", "CLIENT_RECOVERED", "CLIENT_NOT_READING", "CLIENT_EVICTED", "CLIENT_CLOSED");
    // Fields are kept as written: the evidence is the same whatever the kind was called.
    assertThat(loaded.plain().get(2).fields()).containsEntry("unread_bytes", 9767L).containsEntry("from", "LAGGING");
  }

  @Test
  void aFactWrittenTodayReadsBackUnderItsNewName() {
    String line = OLD_LINES.lines().skip(1).findFirst().orElseThrow();
    String encoded = FactCodec.encode(FactCodec.decode(line));
    assertThat(encoded).contains("\"kind\":\"CLIENT_LAGGING\"").doesNotContain("CLIENT_SLOW");
  }
}
