package io.relayscope.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every fact carries its relay run, on disk and read back; two runs in one directory stay apart. */
class RelayRunTest {
  @TempDir Path tmp;

  @Test
  void everyFactOfARealRelayCarriesItsRunToDiskAndBack() throws Exception {
    Path dir = tmp.resolve("journal");
    RelayRun first = runOnce(dir);
    RelayRun second = runOnce(dir);
    assertThat(first.id()).isNotEqualTo(second.id());
    assertThat(second.startedAtMillis()).isGreaterThanOrEqualTo(first.startedAtMillis());

    var loaded = JournalReader.read(dir, Long.MIN_VALUE, Long.MAX_VALUE);
    var runs = new HashSet<RelayRun>();
    loaded.facts().forEach(rf -> runs.add(rf.fact().run()));
    assertThat(runs).containsExactlyInAnyOrder(first, second);
    // Each run has its own c1, and its own fact ids from 0.
    for (RelayRun run : List.of(first, second)) {
      var facts = loaded.plain().stream().filter(f -> f.run().equals(run)).toList();
      assertThat(facts).anyMatch(f -> f.kind() == FactKind.CLIENT_CONNECTED && f.subject().equals("c1"));
      assertThat(facts).anyMatch(f -> f.id() == 0);
      assertThat(facts).anyMatch(f -> f.kind() == FactKind.RELAY_STOPPED);
    }
    // On disk, line by line, read with a plain JSON parser.
    var json = new ObjectMapper();
    for (Path file : JournalFiles.list(dir)) {
      for (String line : Files.readAllLines(file)) {
        var node = json.readTree(line);
        assertThat(node.path("run").asText()).isIn(first.id(), second.id());
        assertThat(node.path("run_started").asLong()).isIn(first.startedAtMillis(), second.startedAtMillis());
      }
    }
  }

  @Test
  void linesFromBeforeRunsWereRecordedTakeTheirFilesRun() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("old"));
    Files.writeString(dir.resolve("journal-20261125-202046-901-0000.jsonl"),
        "{\"id\":0,\"at\":1795635646901,\"kind\":\"RELAY_STARTED\",\"subject\":\"relay\",\"fields\":{\"endpoint\":\"x\"}}\n");
    var f = JournalReader.read(dir, Long.MIN_VALUE, Long.MAX_VALUE).plain().get(0);
    assertThat(f.run().id()).isEqualTo("20261125-202046-901");
    assertThat(f.run().startedAtMillis()).isPositive();
    var fact = new JournalFact(new RelayRun("ab12", 42), 7, 1000, 0, FactKind.SENDS, "c1", Map.of("frames", 3L));
    assertThat(FactCodec.decode(FactCodec.encode(fact))).isEqualTo(fact);
  }

  private static RelayRun runOnce(Path dir) throws Exception {
    try (var relay = TestRelay.start(c -> c.withJournal(dir, 64L * 1024 * 1024, 8), r -> r)) {
      var client = RecordingClient.connect(relay.wsUrl());
      try (var sender = relay.sender()) {
        for (int i = 1; i <= 3; i++) sender.send(EventSender.numbered(i, 100));
      }
      await().atMost(10, TimeUnit.SECONDS).until(() -> client.eventTexts().size() == 3);
      client.closeBlocking();
      await().until(() -> relay.core.snapshot().clients().isEmpty());
      return relay.core.run();
    }
  }
}
