package io.relayscope.ui.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.EventSender;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import io.relayscope.ui.ConsoleHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import org.junit.jupiter.api.Test;

/** An eviction and rejected input stay on screen, counted, until the operator acknowledges them. */
class IncidentStripTest {
  @Test
  void incidentStaysVisibleUntilAcknowledgedAndOpensTheTimelineOnIt() throws Exception {
    try (var console = ConsoleHarness.start(TestRelay.start(r -> r.withSendTimeout(Duration.ofSeconds(1))))) {
      var stalled = StalledClient.connect(console.relay.core.port());
      try (var sender = console.relay.sender()) {
        sender.send("not json at all".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 300; i++) sender.send(EventSender.numbered(i, 4096));
      }
      await().atMost(10, TimeUnit.SECONDS).until(() -> console.relay.core.snapshot().relay().evictions() == 1);
      long evictedAt = console.relay.core.snapshot().relay().lastEvictionMillis();

      // The strip shows the counts and stays, well past a notice's few seconds.
      await().atMost(5, TimeUnit.SECONDS).until(() -> text(console, "#incident-summary").contains("1 evicted"));
      await().during(8, TimeUnit.SECONDS).atMost(12, TimeUnit.SECONDS)
          .until(() -> ConsoleHarness.onFx(() -> console.scene().lookup("#incident-strip").isVisible()));
      assertThat(text(console, "#incident-summary")).contains("1 evicted").contains("1 input rejected");
      // The status bar counts evictions too.
      assertThat(text(console, "#status-incidents")).contains("1 evicted").contains("0 closed by keepalive");
      console.screenshot("incident-strip");

      // Show in Timeline: the Timeline tab, not following live, zoomed onto the incident.
      ConsoleHarness.onFx(() -> {
        ((Button) console.scene().lookup("#incident-show")).fire();
        return null;
      });
      ConsoleHarness.onFx(() -> {
        TabPane tabs = (TabPane) console.scene().lookup("#main-tabs");
        assertThat(tabs.getSelectionModel().getSelectedItem().getId()).isEqualTo("timeline-tab");
        assertThat(((ToggleButton) console.scene().lookup("#timeline-follow")).isSelected()).isFalse();
        long[] view = console.window.timeline().view();
        assertThat(view[0]).isLessThan(evictedAt);
        assertThat(view[1]).isGreaterThan(evictedAt);
        assertThat(view[1] - view[0]).isLessThan(60_000);
        return null;
      });

      // Acknowledge: the strip goes; the status bar still counts.
      ConsoleHarness.onFx(() -> {
        ((Button) console.scene().lookup("#incident-ack")).fire();
        return null;
      });
      await().atMost(5, TimeUnit.SECONDS)
          .until(() -> ConsoleHarness.onFx(() -> !console.scene().lookup("#incident-strip").isVisible()));
      assertThat(text(console, "#status-incidents")).contains("1 evicted");
      stalled.close();
    }
  }

  /** While a client stays NOT READING, the strip's figures move with it: not frozen at first display. */
  @Test
  void figuresAreLiveWhileTheIncidentGoesOn() throws Exception {
    try (var console = ConsoleHarness.start(TestRelay.start(r -> r.withSendTimeout(Duration.ofSeconds(120))
        .withKeepalive(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(120))))) {
      var stalled = StalledClient.connect(console.relay.core.port());
      try (var sender = console.relay.sender()) {
        for (int i = 0; i < 20; i++) sender.send(EventSender.numbered(i, 300));
      }
      await().atMost(30, TimeUnit.SECONDS).until(() -> text(console, "#incident-summary").contains("NOT READING:"));
      String first = text(console, "#incident-summary");
      // The same incident, a few frames later: the unread-for figure has moved on. "4,917 bytes unread
      // for 22.1 s" or "no pong for 1.4 s; 6,151 bytes unread": whichever sign came first. Awaited, not
      // read once: for the frame or two after the relay was held up (a loaded machine), its words are
      // "6,151 bytes unread; flagged until it has consumed again…" while it waits for fresh evidence.
      await().atMost(15, TimeUnit.SECONDS).until(() -> {
        String now = text(console, "#incident-summary");
        return now.contains("NOT READING:") && now.contains("unread") && !now.equals(first);
      });
      // The whole text is in the tooltip, for when the strip is cut at 1280 pixels.
      assertThat(ConsoleHarness.onFx(() -> ((Label) console.scene().lookup("#incident-summary")).getTooltip().getText()))
          .contains("NOT READING:");
      stalled.close();
    }
  }

  /**
   * The strip appearing and going moves nothing else: the clients table keeps its place and size
   * when an eviction shows the strip and when the operator acknowledges it.
   */
  @Test
  void theStripComingAndGoingMovesNothingElse() throws Exception {
    try (var console = ConsoleHarness.start(TestRelay.start(r -> r.withSendTimeout(Duration.ofSeconds(1))))) {
      ConsoleHarness.onFx(() -> {
        console.stage.setWidth(1280);
        console.stage.setHeight(720);
        return null;
      });
      await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleHarness.onFx(() -> console.scene().getWidth() == 1280));
      Bounds before = tableBounds(console);
      var stalled = StalledClient.connect(console.relay.core.port());
      await().atMost(30, TimeUnit.SECONDS).until(() -> console.relay.core.snapshot().clients().size() == 1);
      try (var sender = console.relay.sender()) {
        for (int i = 0; i < 300; i++) sender.send(EventSender.numbered(i, 4096));
      }
      // Acknowledged once the episode has ended in its eviction: a flag acknowledged before it, on a slow
      // machine, came back with the eviction (a new fact) and the strip with it.
      await().atMost(30, TimeUnit.SECONDS).until(() -> console.relay.core.snapshot().relay().evictions() == 1);
      // And once the console shows it: acknowledging a strip that still shows only the NOT READING flag (the
      // console draws 4 times a second; a busy machine later) leaves the eviction to arrive as news and the
      // strip, rightly, to come back.
      await().atMost(30, TimeUnit.SECONDS).until(() -> ConsoleHarness.onFx(() -> console.scene().lookup("#incident-strip").isVisible())
          && text(console, "#incident-summary").contains("1 evicted (4008)"));
      console.screenshot("incident-strip-shown-1280x720");
      assertThat(tableBounds(console)).as("clients table with the strip shown").isEqualTo(before);
      ConsoleHarness.onFx(() -> {
        ((Button) console.scene().lookup("#incident-ack")).fire();
        return null;
      });
      await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleHarness.onFx(() -> !console.scene().lookup("#incident-strip").isVisible()));
      console.screenshot("incident-strip-acknowledged-1280x720");
      assertThat(tableBounds(console)).as("clients table after the strip went").isEqualTo(before);
      stalled.close();
    }
  }

  /** The clients table's place in the window, after a full layout pass. */
  private static Bounds tableBounds(ConsoleHarness console) throws Exception {
    return ConsoleHarness.onFx(() -> {
      console.scene().getRoot().applyCss();
      console.scene().getRoot().layout();
      var table = console.scene().lookup("#clients-table");
      return table.localToScene(table.getLayoutBounds());
    });
  }

  private static String text(ConsoleHarness console, String id) throws Exception {
    return ConsoleHarness.onFx(() -> {
      var node = console.scene().lookup(id);
      return node == null ? "" : ((Label) node).getText();
    });
  }
}
