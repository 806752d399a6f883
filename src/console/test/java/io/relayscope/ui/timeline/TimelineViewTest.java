package io.relayscope.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.export.IncidentFigure;
import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import io.relayscope.ui.ConsoleHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeline on the live relay: lanes, incidents, exports of a selected window, offline review. */
class TimelineViewTest {
  @TempDir Path tmp;

  // Generous: the healthy client must not be evicted while a loaded machine keeps its reader off the
  // CPU (a 1 s timeout evicted it there); keepalive must not close the stalled one before the deadline.
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void incidentShowsOnTheTimelineAndTheSelectedWindowExports() throws Exception {
    try (var console = ConsoleHarness.start(TestRelay.start(r -> r.withSendTimeout(SEND_TIMEOUT)
        .withKeepalive(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(120))))) {
      TimelineView view = console.window.timeline();
      long start = System.currentTimeMillis();
      var healthy = RecordingClient.connect(console.relay.wsUrl());
      var stalled = StalledClient.connect(console.relay.core.port());
      // Registered before the first event (on a loaded machine its handshake could finish after the
      // events, and a client that was sent nothing is never evicted).
      await().atMost(WAIT).until(() -> console.relay.core.snapshot().clients().size() == 2);
      try (var sender = console.relay.sender()) {
        sender.send(EventSender.registered("face_processor", "face_processor", "waiting"));
        for (int i = 0; i < 300; i++) sender.send(EventSender.numbered(i, 4096));
        for (int i = 0; i < 6; i++) sender.send("garbage " + i);
      }
      await().atMost(WAIT).until(() -> console.relay.core.snapshot().relay().evictions() == 1);
      await().atMost(WAIT).until(() -> ConsoleHarness.onFx(() -> view.incidents().stream().anyMatch(i -> i.what().contains("evicted"))));
      // The eviction is counted before the connection's end is recorded (its close frame gets a grace period).
      await().atMost(WAIT).until(() -> console.relay.core.snapshot().recentlyClosed().stream()
          .anyMatch(c -> c.userAgent().equals("stalled-test-client")));

      ConsoleHarness.onFx(() -> {
        // One stall-then-evict is one incident: flagged, then evicted, in one entry.
        String stalledLane = "client:" + console.relay.core.snapshot().recentlyClosed().stream()
            .filter(c -> c.userAgent().equals("stalled-test-client")).findFirst().orElseThrow().id();
        var clientIncidents = view.incidents().stream().filter(i -> i.lane().equals(stalledLane)).toList();
        assertThat(clientIncidents).singleElement().satisfies(i -> {
          assertThat(i.what()).containsAnyOf("NOT READING", "LAGGING");
          assertThat(i.what()).contains("evicted");
        });
        assertThat(view.incidents()).anyMatch(i -> i.what().contains("inputs rejected within a second"));
        assertThat(view.marks()).anyMatch(m -> m.kind() == Mark.Kind.EVICTED);
        assertThat(view.marks()).anyMatch(m -> m.kind() == Mark.Kind.EVENT && m.lane().equals("ingest:face_processor"));
        assertThat(view.marks()).anyMatch(m -> m.kind() == Mark.Kind.NOT_READING_SPAN || m.kind() == Mark.Kind.LAGGING_SPAN);
        console.window.tabs().getSelectionModel().select(console.window.tabs().getTabs().size() - 1);
        return null;
      });
      await().atMost(WAIT).until(() -> healthy.eventTexts().size() == 301);
      assertThat(healthy.isOpen()).isTrue();
      assertThat(console.relay.core.snapshot().relay().evictions()).isEqualTo(1);
      console.screenshot("timeline");

      // Select the incident's window and export it: the report states what happened.
      long end = System.currentTimeMillis() + 1;
      Path md = tmp.resolve("incident.md");
      Path json = tmp.resolve("incident.json");
      Path png = tmp.resolve("timeline.png");
      ConsoleHarness.onFx(() -> {
        view.select(start - 1000, end);
        view.export("md", md);
        view.export("json", json);
        view.export("png", png);
        return null;
      });
      await().atMost(WAIT).until(() -> Files.exists(md) && Files.exists(json) && Files.exists(png) && Files.size(png) > 1000);
      // Messages lost is computed: the evicted client missed what it had not taken.
      assertThat(Files.readString(md)).contains("**Clients lost**: 1").containsPattern("\\*\\*Messages lost\\*\\*: [1-9]")
          .contains("send deadline passed");
      // The picture is a figure drawn for the report, not a crop of the screen.
      assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isEqualTo(IncidentFigure.WIDTH);

      // The exported JSON opens for offline review with the same facts.
      ConsoleHarness.onFx(() -> {
        view.load(json);
        return null;
      });
      await().atMost(WAIT).until(() -> ConsoleHarness.onFx(() -> view.incidents().stream().anyMatch(i -> i.what().contains("evicted"))
          && ((Label) console.scene().lookup("#timeline-source")).getText().equals("incident.json")));
      console.screenshot("timeline-offline");
      healthy.close();
      stalled.close();
    }
  }
}
