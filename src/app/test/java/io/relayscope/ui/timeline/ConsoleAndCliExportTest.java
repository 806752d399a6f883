package io.relayscope.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.cli.RelayscopeMain;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalReader;
import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import io.relayscope.ui.ConsoleHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's export and {@code relayscope export} of the same window give the same bytes, while
 * the relay that journals it is still running: a window picked in the Timeline, and the last
 * incident, which two exports a second apart give alike (its window closed, never ending in the
 * future).
 */
class ConsoleAndCliExportTest {
  @TempDir Path tmp;

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void theSameWindowFromTheConsoleAndTheCommandLineIsTheSameFile() throws Exception {
    Path journal = tmp.resolve("journal");
    try (var console = ConsoleHarness.start(TestRelay.start(c -> c.withJournal(journal, 64L * 1024 * 1024, 8),
        r -> r.withSendTimeout(Duration.ofSeconds(10)).withKeepalive(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(120))))) {
      var healthy = RecordingClient.connect(console.relay.wsUrl());
      var stalled = StalledClient.connect(console.relay.core.port());
      await().until(() -> console.relay.core.snapshot().clients().size() == 2);
      try (var sender = console.relay.sender()) {
        sender.send(EventSender.registered("face_processor", "face_processor", "waiting"));
        for (int i = 0; i < 300; i++) sender.send(EventSender.numbered(i, 4096));
      }
      await().atMost(WAIT).until(() -> console.relay.core.snapshot().relay().evictions() == 1);
      await().atMost(WAIT).until(() -> JournalReader.read(journal, Long.MIN_VALUE, Long.MAX_VALUE).plain().stream()
          .anyMatch(f -> f.kind() == FactKind.CLIENT_CLOSED));

      // The last incident, from the command line, twice a second apart while the journal grows.
      Path first = tmp.resolve("first.json");
      Path second = tmp.resolve("second.json");
      assertThat(RelayscopeMain.run("export", "--journal-dir", journal.toString(), "--format", "json", "-o", first.toString())).isZero();
      long firstAt = System.currentTimeMillis();
      await().atMost(WAIT).until(() -> System.currentTimeMillis() >= firstAt + 1000);
      try (var sender = console.relay.sender()) {
        sender.send(EventSender.numbered(1000, 300));
      }
      await().atMost(WAIT).until(() -> JournalReader.read(journal, Long.MIN_VALUE, Long.MAX_VALUE).plain().stream()
          .anyMatch(f -> f.kind() == FactKind.EVENT_RECEIVED && f.atMillis() >= firstAt + 1000));
      assertThat(RelayscopeMain.run("export", "--journal-dir", journal.toString(), "--format", "json", "-o", second.toString())).isZero();
      assertThat(Files.readString(second)).as("two exports of the last incident").isEqualTo(Files.readString(first));
      var window = new ObjectMapper().readTree(first.toFile());
      long from = window.path("from").asLong();
      long to = window.path("to").asLong();
      long lastFact = JournalReader.read(journal, Long.MIN_VALUE, Long.MAX_VALUE).plain().stream().mapToLong(f -> f.atMillis()).max().orElseThrow();
      assertThat(to).as("closed: no end in the future").isLessThanOrEqualTo(lastFact + 1).isLessThanOrEqualTo(firstAt + 1);

      // The console exports that window: the same bytes as the command line, in each format.
      for (String format : List.of("md", "json", "csv")) {
        Path ui = tmp.resolve("ui." + format);
        Path cli = tmp.resolve("cli." + format);
        ConsoleHarness.onFx(() -> {
          console.window.timeline().select(from, to);
          console.window.timeline().export(format, ui);
          return null;
        });
        assertThat(RelayscopeMain.run("export", "--journal-dir", journal.toString(), "--from", seconds(from), "--to", seconds(to),
            "--format", format, "-o", cli.toString())).isZero();
        // Written off the FX thread: wait for it to match, then show the difference if it never does.
        try {
          await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> Files.readString(ui).equals(Files.readString(cli)));
        } catch (ConditionTimeoutException e) {
          // the assertion below says how they differ
        }
        assertThat(Files.readString(ui)).as(format).isEqualTo(Files.readString(cli));
        if (format.equals("json")) assertThat(Files.readString(ui)).isEqualTo(Files.readString(first));
      }
      healthy.close();
      stalled.close();
    }
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
  }
}
