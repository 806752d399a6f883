package io.relayscope.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.core.CoreConfig;
import io.relayscope.support.EventSender;
import io.relayscope.support.TestRelay;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A journal on a full disk pauses at a line boundary, counts every fact it could not save, says so
 * in /health and /metrics, and resumes when space comes back (issue #12, item 3). Runs on a real
 * 1 MiB tmpfs (needs root; skipped where mount is not permitted).
 */
class JournalFullDiskTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RING = 1000;

  @Test
  void fullDiskPausesWholeLinesCountsLossAndResumes() throws Exception {
    Path mount = TestRelay.newSocketDir();
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString()) == 0, "mount tmpfs not permitted");
    try {
      Path journalDir = mount.resolve("journal");
      try (var relay = TestRelay.start(c -> new CoreConfig(c.eventSocketPath(), c.socketMode(), null, null,
              c.maxEventBytes(), c.handoffCapacity(), RING, c.relay(), journalDir, 64L << 20, 8, c.allowedUids()),
          r -> r);
          var sender = relay.sender()) {
        for (int i = 0; i < 10; i++) sender.send(EventSender.numbered(i, 200));
        await().atMost(10, TimeUnit.SECONDS).until(() -> relay.core.journalStatus().written() >= 10);

        Path filler = mount.resolve("filler");
        fill(filler);
        int n = 10;
        // Enough events that the ring (1,000 facts) wraps while the journal is paused: facts are lost.
        for (; n < 10 + 3 * RING; n++) sender.send(EventSender.numbered(n, 200));
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
          JsonNode journal = JSON.readTree(relay.get("/health").body()).get("journal");
          assertThat(journal.get("status").asText()).isEqualTo("paused");
          assertThat(journal.get("lost").asLong()).isPositive();
          assertThat(journal.get("error").asText()).isNotEmpty();
        });
        String metrics = relay.get("/metrics").body();
        assertThat(metrics).contains("relayscope_journal_paused 1").containsPattern("relayscope_journal_facts_lost_total [1-9]");
        long lostWhilePaused = relay.core.journalStatus().lost();

        Files.delete(filler); // space again: the journal resumes and saves what the ring still holds
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(relay.core.journalStatus().error()).as(relay.core.journalStatus().toString()).isNull());
        for (int i = 0; i < 10; i++, n++) sender.send(EventSender.numbered(n, 200));
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() ->
            assertThat(JSON.readTree(relay.get("/health").body()).get("journal").get("status").asText()).isEqualTo("ok"));
        assertThat(relay.get("/metrics").body()).contains("relayscope_journal_paused 0");

        relay.core.close();
        JournalStatus status = relay.core.journalStatus();
        long appended = relay.core.journal().appended();
        var ids = new HashSet<Long>();
        for (Path file : JournalFiles.list(journalDir)) {
          String text = Files.readString(file, StandardCharsets.UTF_8);
          assertThat(text).as("no half line in " + file).endsWith("\n");
          for (String line : text.split("\n")) {
            assertThat(ids.add(FactCodec.decode(line).id())).as("fact saved once: " + line).isTrue();
          }
        }
        long missing = appended - ids.size();
        System.out.printf("full disk: %d facts appended, %d saved, %d missing, %d counted lost (%d while paused)%n",
            appended, ids.size(), missing, status.lost(), lostWhilePaused);
        assertThat(status.lost()).isPositive();
        assertThat(status.lost()).as("every fact missing from the files is counted").isEqualTo(missing);
      }
    } finally {
      run("umount", "-l", mount.toString());
      Files.deleteIfExists(mount);
    }
  }

  private static void fill(Path filler) {
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) out.write(block);
    } catch (IOException full) {
      // the disk is full
    }
  }

  private static int run(String... cmd) throws Exception {
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
        .waitFor();
  }
}
