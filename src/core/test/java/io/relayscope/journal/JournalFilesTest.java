package io.relayscope.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.EventSender;
import io.relayscope.support.TestRelay;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal on disk: every fact written, rotation under a cap, torn lines, a failing disk. */
class JournalFilesTest {
  @TempDir Path tmp;

  @Test
  void relayFactsReachTheDiskWithinTheFlushWindow() throws Exception {
    Path dir = tmp.resolve("journal");
    try (var relay = TestRelay.start(c -> c.withJournal(dir, 64L * 1024 * 1024, 8), r -> r)) {
      try (var sender = relay.sender()) {
        sender.send(EventSender.stateChange("face_processor", "a", "b", "go"));
        sender.send("not json".getBytes(StandardCharsets.UTF_8));
      }
      await().until(() -> relay.core.snapshot().relay().eventsIn() == 1);
      long appended = relay.core.journal().appended();
      // No close, no explicit flush: the writer flushes on its own within its window.
      await().atMost(java.time.Duration.ofSeconds(2)).until(() -> JournalReader.read(dir, 0, Long.MAX_VALUE).facts().size() >= appended);
      var kinds = JournalReader.read(dir, 0, Long.MAX_VALUE).plain().stream().map(JournalFact::kind).toList();
      assertThat(kinds).contains(FactKind.RELAY_STARTED, FactKind.INGEST_BOUND, FactKind.EVENT_RECEIVED, FactKind.INPUT_REJECTED);
      assertThat(relay.core.journalStatus().error()).isNull();
      assertThat(relay.core.journalStatus().lost()).isZero();
    }
    // Closing saved the rest, RELAY_STOPPED included.
    var all = JournalReader.read(dir, 0, Long.MAX_VALUE);
    assertThat(all.plain().get(all.plain().size() - 1).kind()).isEqualTo(FactKind.RELAY_STOPPED);
    assertThat(all.warnings()).isEmpty();
  }

  @Test
  void rotationKeepsTheCapOnFiles() throws Exception {
    var journal = new Journal(100_000);
    Path dir = tmp.resolve("rot");
    var writer = new JournalWriter(journal, dir, 4096, 3);
    writer.start();
    for (int i = 0; i < 2000; i++) journal.append(FactKind.EVENT_RECEIVED, "m", Map.of("seq", (long) i, "summary", "x".repeat(40)));
    writer.close();
    List<Path> files = JournalFiles.list(dir);
    assertThat(files).hasSize(3);
    for (Path f : files) assertThat(Files.size(f)).isLessThan(4096 + 512);
    // The newest facts survive, in order, without gaps.
    var ids = JournalReader.read(dir, 0, Long.MAX_VALUE).plain().stream().mapToLong(JournalFact::id).toArray();
    assertThat(ids[ids.length - 1]).isEqualTo(1999);
    for (int i = 1; i < ids.length; i++) assertThat(ids[i]).isEqualTo(ids[i - 1] + 1);
    assertThat(writer.status().written()).isEqualTo(2000);
  }

  @Test
  void tornLastLineIsSkippedWithAWarning() throws Exception {
    var journal = new Journal(1000);
    Path dir = tmp.resolve("torn");
    var writer = new JournalWriter(journal, dir, 1 << 20, 8);
    writer.start();
    for (int i = 0; i < 10; i++) journal.append(FactKind.PING_SENT, "c1", Map.of());
    writer.close();
    Path file = JournalFiles.list(dir).get(0);
    Files.writeString(file, "{\"id\":10,\"at\":17956", StandardOpenOption.APPEND); // a crash mid-write
    var loaded = JournalReader.read(dir, 0, Long.MAX_VALUE);
    assertThat(loaded.facts()).hasSize(10);
    assertThat(loaded.warnings()).singleElement().asString().contains("torn last line");
  }

  @Test
  void aFailingDiskPausesTheJournalVisiblyAndItResumes() throws Exception {
    var journal = new Journal(100_000);
    Path dir = tmp.resolve("disk");
    var writer = new JournalWriter(journal, dir, 1024 * 8, 8);
    writer.start();
    journal.append(FactKind.PING_SENT, "c1", Map.of());
    await().until(() -> writer.status().written() == 1);
    // The directory vanishes and a file takes its place: every write and rotation now fails.
    for (Path f : JournalFiles.list(dir)) Files.delete(f);
    Files.delete(dir);
    Files.writeString(dir, "in the way");
    for (int i = 0; i < 500; i++) journal.append(FactKind.PING_SENT, "c1", Map.of("n", (long) i, "pad", "y".repeat(40)));
    await().until(() -> writer.status().error() != null);
    assertThat(writer.status().enabled()).isTrue();
    // Room again: writing resumes by itself and catches up from the ring.
    Files.delete(dir);
    // Everything is saved, with the JOURNAL_PAUSED and JOURNAL_RESUMED facts the writer added itself.
    await().atMost(java.time.Duration.ofSeconds(10)).until(() -> writer.status().error() == null && writer.status().written() == journal.appended());
    assertThat(journal.recent(10, f -> f.kind() == FactKind.JOURNAL_PAUSED || f.kind() == FactKind.JOURNAL_RESUMED)).hasSize(2);
    writer.close();
    assertThat(writer.status().lost()).isZero();
  }
}
