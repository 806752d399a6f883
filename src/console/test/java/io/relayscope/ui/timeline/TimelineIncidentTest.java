package io.relayscope.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.EventSender;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import io.relayscope.ui.ConsoleExtension;
import io.relayscope.ui.ConsoleHarness;
import io.relayscope.ui.theme.ThemeColour;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client stops reading, is flagged, then closed by keepalive (4009): on the timeline that is one
 * incident with a start and an end; picking it zooms onto it; marks explain themselves and stay
 * out of the label column.
 */
class TimelineIncidentTest {
  // Keepalive ends it (4009) well before the send timeout could, and after NOT READING even on a
    // loaded machine: the relay does not count the time it was held up against a client, so there the
    // flag can come seconds later than the client went silent (4 s was not enough there).
  @RegisterExtension
  static final ConsoleExtension console = ConsoleExtension.on(() -> TestRelay.start(r -> r.withSendTimeout(Duration.ofSeconds(120))
        .withKeepalive(Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(8))));
  private static String lane;

  @BeforeAll
  static void start() throws Exception {
    var stalled = StalledClient.connect(console.relay().core.port());
    try (var sender = console.relay().sender()) {
      sender.send(EventSender.registered("face_processor", "face_processor", "waiting"));
      for (int i = 0; i < 30; i++) sender.send(EventSender.numbered(i, 300));
    }
    await().atMost(30, TimeUnit.SECONDS).until(() -> console.relay().core.snapshot().relay().keepaliveCloses() == 1);
    await().atMost(10, TimeUnit.SECONDS).until(() -> !console.relay().core.snapshot().recentlyClosed().isEmpty());
    lane = "client:" + console.relay().core.snapshot().recentlyClosed().get(0).id();
    await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleHarness.onFx(() -> console.window().timeline().marks().stream()
        .anyMatch(m -> m.kind() == Mark.Kind.CLOSED && m.lane().equals(lane))));
    stalled.close();
    ConsoleHarness.onFx(() -> {
      console.window().tabs().getSelectionModel().select(console.window().tabs().getTabs().size() - 1);
      return null;
    });
  }

  @Test
  void stallThenKeepaliveCloseIsOneIncidentAndPickingItZoomsOntoIt() throws Exception {
    ConsoleHarness.onFx(() -> {
      TimelineView view = console.window().timeline();
      String who = lane.substring("client:".length());
      var mine = view.incidents().stream().filter(i -> i.lane().endsWith(who)).toList();
      assertThat(mine).as("incidents of %s: %s", who, view.incidents()).singleElement().satisfies(i -> {
        assertThat(i.what()).contains("NOT READING").contains("4009");
        assertThat(i.endMillis()).isGreaterThan(i.atMillis());
      });
      Incident incident = mine.get(0);

      // Picked in the list: the timeline stops following live and shows that incident, whole.
      @SuppressWarnings("unchecked")
      var list = (ListView<Incident>) console.scene().lookup("#timeline-incidents");
      list.getSelectionModel().select(incident);
      assertThat(((ToggleButton) console.scene().lookup("#timeline-follow")).isSelected()).isFalse();
      long[] shown = view.view();
      assertThat(shown[0]).isLessThan(incident.atMillis());
      assertThat(shown[1]).isGreaterThan(incident.endMillis());
      assertThat(shown[1] - shown[0]).isLessThan(incident.endMillis() - incident.atMillis() + 30_000);
      return null;
    });
  }

  @Test
  void marksHaveTooltipsThatExplainCloseCodesAndALegend() throws Exception {
    ConsoleHarness.onFx(() -> {
      TimelineView view = console.window().timeline();
      Mark closed = view.marks().stream().filter(m -> m.kind() == Mark.Kind.CLOSED && m.lane().equals(lane)).findFirst().orElseThrow();
      view.zoomTo(closed.startMillis() - 10_000, closed.startMillis() + 10_000);
      TimelineCanvas canvas = (TimelineCanvas) console.scene().lookup("#timeline-canvas");
      double[] at = canvas.pointOf(closed);
      String tip = canvas.tooltipAt(at[0], at[1]);
      assertThat(tip).contains("4009").contains("keepalive").contains("answered no ping");
      // The legend names every kind of mark drawn.
      var legend = console.scene().lookup("#timeline-legend");
      assertThat(legend).isNotNull();
      assertThat(legend.isVisible()).isTrue();
      var words = legend.lookupAll(".label").stream().map(n -> ((Label) n).getText()).toList();
      assertThat(String.join(" ", words)).contains("event", "LAGGING", "NOT READING", "evicted", "closed", "rejected", "ping",
          "pong", "incident");
      return null;
    });
  }

  /**
   * The keepalive lane's marks say what they are: hovering a ping or a missed pong names it as
   * keepalive's, and the legend has an entry for each of its kinds, with what it means.
   */
  @Test
  void keepaliveMarksSayWhatTheyAre() throws Exception {
    String keepaliveLane = "keepalive:" + lane.substring("client:".length());
    var tips = ConsoleHarness.onFx(() -> {
      TimelineView view = console.window().timeline();
      TimelineCanvas canvas = (TimelineCanvas) console.scene().lookup("#timeline-canvas");
      var out = new LinkedHashMap<Mark.Kind, String>();
      for (Mark.Kind kind : List.of(Mark.Kind.PING, Mark.Kind.PONG_MISSED)) {
        Mark m = view.marks().stream().filter(x -> x.kind() == kind && x.lane().equals(keepaliveLane)).findFirst()
            .orElseThrow(() -> new AssertionError("no " + kind + " on " + keepaliveLane));
        // A narrow view: the mark under the pointer is this one, not a neighbour.
        view.zoomTo(m.startMillis() - 1, m.startMillis() + 1);
        canvas.setView(m.startMillis() - 5, m.startMillis() + 5);
        double[] at = canvas.pointOf(m);
        out.put(kind, canvas.tooltipAt(at[0], at[1]));
      }
      return out;
    });
    assertThat(tips.get(Mark.Kind.PING)).containsIgnoringCase("keepalive").contains("ping").contains("pong");
    assertThat(tips.get(Mark.Kind.PONG_MISSED)).containsIgnoringCase("keepalive").contains("no pong").contains("4009");
    var legend = ConsoleHarness.onFx(() -> console.scene().lookup("#timeline-legend").lookupAll(".label").stream()
        .map(n -> (Label) n).map(l -> l.getText() + " = " + (l.getTooltip() == null ? "" : l.getTooltip().getText()))
        .toList());
    // One entry each, named, its tooltip saying it is keepalive's (was one "ping" ring and a shared red bar).
    for (String name : List.of("keepalive ping", "keepalive pong", "no pong")) {
      assertThat(legend).as("legend entry for %s", name).anySatisfy(e -> assertThat(e).startsWith(name + " = Keepalive: "));
    }
    ConsoleHarness.screenshot("timeline-legend", ConsoleHarness.onFx(() -> console.scene().lookup("#timeline-legend")));
  }

  @Test
  void marksNeverDrawOverTheLabelColumn() throws Exception {
    WritableImage image = ConsoleHarness.onFx(() -> {
      TimelineView view = console.window().timeline();
      Mark span = view.marks().stream().filter(m -> m.kind() == Mark.Kind.NOT_READING_SPAN && m.lane().equals(lane))
          .findFirst().orElseThrow();
      // The view starts inside the NOT READING span: the span runs on to the left of the plot.
      view.zoomTo(span.startMillis() + (span.endMillis() - span.startMillis()) / 2, span.endMillis() + 5_000);
      TimelineCanvas canvas = (TimelineCanvas) console.scene().lookup("#timeline-canvas");
      canvas.applyCss();
      canvas.layout();
      canvas.redraw();
      return canvas.snapshot(null, null);
    });
    int laneIndex = ConsoleHarness.onFx(() -> ((TimelineCanvas) console.scene().lookup("#timeline-canvas")).laneIndex(lane));
    int y = (int) (TimelineCanvas.AXIS_HEIGHT + laneIndex * TimelineCanvas.LANE_HEIGHT + TimelineCanvas.LANE_HEIGHT / 2);
    Color stalled = ConsoleHarness.onFx(() -> ((TimelineCanvas) console.scene().lookup("#timeline-canvas")).color(ThemeColour.NOT_READING));
    ConsoleHarness.screenshot("timeline-clipped", ConsoleHarness.onFx(() -> console.scene().lookup("#timeline-canvas")));
    // Just right of the label column the span is drawn; inside the label column nothing of it.
    assertThat(near(image.getPixelReader().getColor((int) TimelineCanvas.LABEL_WIDTH + 6, y), stalled)).isTrue();
    for (int x = 0; x < TimelineCanvas.LABEL_WIDTH - 1; x++) {
      assertThat(near(image.getPixelReader().getColor(x, y), stalled)).as("label column pixel %d,%d", x, y).isFalse();
    }
  }

  private static boolean near(Color a, Color b) {
    return Math.abs(a.getRed() - b.getRed()) < 0.04 && Math.abs(a.getGreen() - b.getGreen()) < 0.04
        && Math.abs(a.getBlue() - b.getBlue()) < 0.04;
  }
}
