package io.relayscope.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.JournalReader;
import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The October 2025 incident's shape through the real relay — face_processor events #1–#4 and their
 * activity logs while one client has stopped reading — and the report exported from the journal.
 */
class SeedIncidentReportTest {
  @TempDir Path tmp;

  private static String activity(String message) {
    return "{\"machine_name\":\"face_processor\",\"type\":\"activity_log\",\"payload\":{\"message\":\"" + message
        + "\",\"level\":\"info\"}}";
  }

  @Test
  void exportedReportStatesTheIncidentsFigures() throws Exception {
    Path dir = tmp.resolve("journal");
    long start;
    long end;
    var healthy = new ArrayList<RecordingClient>();
    try (var relay = TestRelay.start(c -> c.withJournal(dir, 64L * 1024 * 1024, 8),
        r -> r.withSendTimeout(Duration.ofSeconds(2)).withSocketSendBuffer(4096))) {
      start = System.currentTimeMillis();
      for (int i = 0; i < 2; i++) healthy.add(RecordingClient.connect(relay.wsUrl()));
      var stalled = StalledClient.connect(relay.core.port());
      // Registered, so it joins the stream before the first event (its join is queued ahead of them).
      await().until(() -> relay.core.snapshot().clients().size() == 3);
      try (var sender = relay.sender()) {
        // Events #1–#33 of the job, earlier in the run: they fill the stalled client's small buffers.
        for (int i = 1; i <= 33; i++) sender.send(EventSender.numbered(i, 1200));
        // The incident's own sequence, with the production log's spacing.
        sender.send(EventSender.stateChange("face_processor", "cropping_faces", "verifying_portraits", "faces_cropped"));
        pause(280);
        sender.send(EventSender.stateChange("face_processor", "verifying_portraits", "verifying_dimensions", "portraits_verified"));
        pause(220);
        sender.send(activity("Verifying dimensions"));
        pause(160);
        sender.send(EventSender.stateChange("face_processor", "verifying_dimensions", "detecting_faces", "dimensions_verified"));
        sender.send(activity("Generating face masks"));
        pause(3130);
        sender.send(EventSender.stateChange("face_processor", "detecting_faces", "running_inpainting", "faces_detected"));
        sender.send(activity("Starting inpainting"));
      }
      long events = 33 + 7;
      for (var c : healthy) await().atMost(10, TimeUnit.SECONDS).until(() -> c.eventTexts().size() == events);
      await().atMost(10, TimeUnit.SECONDS).until(() -> relay.core.snapshot().relay().evictions() == 1);
      stalled.close();
      for (var c : healthy) c.closeBlocking();
      await().until(() -> relay.core.snapshot().clients().isEmpty());
      end = System.currentTimeMillis() + 1;
    }

    var loaded = JournalReader.read(dir, start - 1000, end + 1000);
    var analysis = IncidentAnalysis.of(loaded.plain(), start, end);
    String md = MarkdownReport.of(analysis);

    assertThat(analysis.metrics().events()).isEqualTo(40);
    assertThat(analysis.metrics().clientsLost()).isEqualTo(1);
    var stalledClient = analysis.clients().stream().filter(c -> c.evicted() != null).findFirst().orElseThrow();
    // Computed, not a constant: the events the evicted client should have had and never got.
    assertThat(stalledClient.missed()).isPositive().isEqualTo(stalledClient.shouldHaveGot() - stalledClient.got());
    assertThat(analysis.metrics().messagesLost()).isEqualTo(stalledClient.missed());
    assertThat(analysis.metrics().clientsWithEveryEvent()).hasSize(2);
    // The client that stopped reading: its block runs from where the relay dated the episode (never before
    // the first byte it did not read; later by what the relay's own socket held unsent) to its eviction, 2 s
    // after the oldest frame of ours it left waiting (plus the deadline check's tick).
    // A pause of the relay's own restarts that clock (no client is blamed for it): the deadline counts from
    // the pause's end at the earliest (seen on a loaded machine: a 3.6 s block after 1.1 s of pauses).
    double paused = loaded.plain().stream().filter(f -> f.kind() == io.relayscope.journal.FactKind.RELAY_PAUSED)
        .mapToDouble(f -> ((Number) f.fields().get("paused_ms")).doubleValue()).sum();
    assertThat(analysis.metrics().longestBlockMillis()).isBetween(1000.0, 2000.0 + 500 + paused);
    // Everything the hand-written October report states, generated: the hang (when it began, how long,
    // how it ended), the emissions with time and size, the broadcast per client, the disconnect
    // sequence, and its metrics (block duration, events queued, clients lost, the others' service,
    // messages lost), with the summary first.
    assertThat(md.indexOf("## Summary")).isLessThan(md.indexOf("## Impact"));
    assertThat(md.indexOf("## Impact")).isLessThan(md.indexOf("## Timeline"));
    assertThat(md)
        .contains("# Relay incident report")
        .contains("- Incident 1: " + stalledClient.label() + " LAGGING → NOT READING from ")
        .containsPattern("to \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\([12]\\.\\d{3} s\\), evicted \\(4008\\)")
        // Runs of events are one timeline line; each event is in Appendix A.
        .containsPattern("- \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\d+ events #\\d+–#\\d+ through \\d\\d:\\d\\d:\\d\\d\\.\\d{3}")
        .containsPattern("\\| 37 \\| [\\d:.]+ \\| face_processor \\| state_change \\| verifying_dimensions → detecting_faces \\(dimensions_verified\\) \\| \\d+ B \\|")
        .containsPattern("\\| 39 \\| [\\d:.]+ \\| face_processor \\| state_change \\| detecting_faces → running_inpainting \\(faces_detected\\) \\| \\d+ B \\|")
        .contains("[info] Generating face masks")
        .contains("## Appendix C: broadcast detail per client")
        .contains("written through event #40")
        .contains("## What the relay did")
        .containsPattern("\\*\\*Longest time behind\\*\\* \\(LAGGING or NOT READING, or one slow send\\): [12]\\.")
        .contains("**Events queued and dropped with evicted clients**: " + stalledClient.droppedFrames())
        .contains("**Clients lost**: 1")
        .contains("The others were unaffected: their slowest send took")
        .contains("**Messages lost**: " + stalledClient.missed() + " (0 inputs not taken in, " + stalledClient.missed() + " events missed by clients)")
        .contains("**Events received**: 40 (through #40)")
        .contains("with close code 4008")
        .contains("send deadline passed");
    System.out.println(md);
  }

  private static void pause(long millis) {
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis)); // the engine's own pacing, not synchronisation
  }
}
