package io.relayscope.ui.charts;

import static io.relayscope.ui.ConsoleHarness.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.metrics.ClientStats;
import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import io.relayscope.ui.ConsoleHarness;
import io.relayscope.ui.Picture;
import io.relayscope.ui.clients.CloseCodeText;
import io.relayscope.ui.theme.Theme;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.ToggleButton;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/** The charts tab on a real relay: real datagrams in, real WebSocket clients out. */
class ChartsViewTest {
  private static final String[] PER_CLIENT = {"#chart-send-latency", "#chart-queue-bytes", "#chart-pong-age", "#chart-ping-rtt"};
  private static ConsoleHarness console;
  private static EventSender sender;
  private final List<RecordingClient> clients = new ArrayList<>();
  private ScheduledExecutorService traffic;

  @BeforeAll
  static void start() throws Exception {
    // Quick keepalive so pongs, round trips and the timeout line show within seconds.
    console = ConsoleHarness.start(TestRelay.start(r -> r.withKeepalive(Duration.ofSeconds(10), Duration.ofSeconds(1),
        Duration.ofSeconds(5))));
    sender = console.relay.sender();
    onFx(() -> {
      Tab charts = console.window.tabs().getTabs().stream().filter(t -> "charts-tab".equals(t.getId())).findFirst().orElseThrow();
      console.window.tabs().getSelectionModel().select(charts);
      return null;
    });
  }

  @AfterAll
  static void stop() throws Exception {
    sender.close();
    console.close();
  }

  @BeforeEach
  void steadyTraffic() {
    // A steady trickle of events, so events/s has something to show: 20 a second.
    var n = new AtomicLong();
    traffic = Executors.newSingleThreadScheduledExecutor();
    traffic.scheduleAtFixedRate(() -> {
      try {
        sender.send(EventSender.stateChange("charted", "s" + n.get(), "s" + n.incrementAndGet(), "tick"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, 0, 50, TimeUnit.MILLISECONDS);
  }

  @AfterEach
  void quiet() throws Exception {
    traffic.shutdownNow();
    for (RecordingClient c : clients) c.closeBlocking();
    await().until(() -> console.relay.core.snapshot().clients().isEmpty());
    if (onFx(() -> pauseButton().isSelected())) onFx(() -> {
      pauseButton().fire();
      return null;
    });
  }

  @Test
  void everyConnectedClientGetsASeriesAndLeaversStayGreyed() throws Exception {
    clients.add(RecordingClient.connect(console.relay.wsUrl()));
    clients.add(RecordingClient.connect(console.relay.wsUrl()));
    Set<String> ids = connectedIds();
    assertThat(ids).hasSize(2);

    await().untilAsserted(() -> {
      for (String chart : PER_CLIENT) assertThat(liveSeries(chart)).as(chart).isEqualTo(ids);
      assertThat(seriesNames("#chart-pong-age")).contains("keepalive timeout");
      assertThat(points("#chart-events").get("events/s")).as("events/s").anyMatch(y -> y > 0);
      assertThat(points("#chart-ping-rtt").values()).as("a round trip per client").allMatch(ys -> !ys.isEmpty());
    });
    assertThat(onFx(() -> console.scene().lookup("#legend-" + ids.iterator().next()))).isNotNull();

    RecordingClient leaving = clients.remove(1);
    leaving.closeBlocking();
    await().until(() -> connectedIds().size() == 1);
    Set<String> left = connectedIds();
    String gone = ids.stream().filter(id -> !left.contains(id)).findFirst().orElseThrow();
    // The client that left keeps its history for the charts' window, named closed and greyed.
    await().untilAsserted(() -> {
      for (String chart : PER_CLIENT) {
        assertThat(clientSeries(chart)).as(chart).containsAll(left).contains(gone + " (closed)").doesNotContain(gone);
        assertThat(onFx(() -> chart(chart).getData().stream().filter(x -> x.getName().equals(gone + " (closed)"))
            .findFirst().orElseThrow().getNode().getStyleClass())).as(chart).contains(ChartsView.CLOSED);
      }
      assertThat(points("#chart-send-latency").get(gone + " (closed)")).as("its history").isNotEmpty();
      // The legend says how it closed, and what that code means.
      var entry = onFx(() -> (Label) console.scene().lookup("#legend-" + gone));
      assertThat(onFx(entry::getText)).endsWith("(closed 1000)");
      assertThat(onFx(() -> entry.getTooltip().getText())).isEqualTo(CloseCodeText.meaning(1000));
    });
  }

  @Test
  void pauseFreezesTheChartsAndResumeCatchesUp() throws Exception {
    clients.add(RecordingClient.connect(console.relay.wsUrl()));
    await().until(() -> points("#chart-events").getOrDefault("events/s", List.of()).size() >= 2);

    new FxRobot().clickOn("#charts-pause");
    assertThat(onFx(() -> pauseButton().getText())).isEqualTo("Resume");
    assertThat(onFx(() -> ((Label) console.scene().lookup("#charts-status")).getText())).startsWith("Paused");
    var frozen = allPoints();

    // History keeps growing while paused (the status line counts it); the charts must not move.
    await().atMost(Duration.ofSeconds(10)).until(() -> secondsBehind() >= 3);
    assertThat(allPoints()).isEqualTo(frozen);

    new FxRobot().clickOn("#charts-pause");
    assertThat(onFx(() -> pauseButton().getText())).isEqualTo("Pause");
    // Resume shows what was collected while paused, at once: at least the three seconds missed.
    var resumed = allPoints();
    int before = frozen.get("#chart-events").get("events/s").size();
    assertThat(resumed.get("#chart-events").get("events/s")).hasSizeGreaterThanOrEqualTo(before + 3);
  }

  @Test
  void screenshotsInBothThemes() throws Exception {
    clients.add(RecordingClient.connect(console.relay.wsUrl()));
    clients.add(RecordingClient.connect(console.relay.wsUrl()));
    clients.add(RecordingClient.connect(console.relay.wsUrl()));
    // Twelve seconds of history so the lines are lines: on the 5-minute axis six points drew 29 pixels once
    // (under the 40 a picture check asks), twelve draw about twice that.
    await().atMost(Duration.ofSeconds(45))
        .until(() -> livePoints("#chart-ping-rtt").values().stream().allMatch(ys -> ys.size() >= 12)
            && livePoints("#chart-ping-rtt").size() == 3);
    Node view = onFx(() -> console.window.tabs().getSelectionModel().getSelectedItem().getContent());
    var luminance = new EnumMap<Theme, Double>(Theme.class);
    for (Theme theme : Theme.values()) {
      onFx(() -> {
        console.window.setTheme(theme);
        return null;
      });
      // The picture is the view, with the three clients' round-trip lines drawn in the plot.
      var shot = Picture.take("charts-" + theme.name().toLowerCase(), view,
          parts -> parts.add("ping round-trip plot", chart("#chart-ping-rtt").lookup(".chart-plot-background")))
          .assertAllDrawn().file();
      luminance.put(theme, ConsoleHarness.meanLuminance(shot));
      console.screenshot("charts-window-" + theme.name().toLowerCase());
    }
    // The dark theme really applies: the same view reads far darker.
    assertThat(luminance.get(Theme.DARK)).isLessThan(luminance.get(Theme.LIGHT) - 0.3);
    onFx(() -> {
      console.window.setTheme(Theme.LIGHT);
      return null;
    });
  }

  private static ToggleButton pauseButton() {
    return (ToggleButton) console.scene().lookup("#charts-pause");
  }

  /** Seconds collected since the pause, as the status line says. */
  private static long secondsBehind() throws Exception {
    String text = onFx(() -> ((Label) console.scene().lookup("#charts-status")).getText());
    Matcher m = Pattern.compile("· (\\d+) s collected since").matcher(text);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static Set<String> connectedIds() {
    return console.relay.core.snapshot().clients().stream().map(ClientStats::id).collect(Collectors.toSet());
  }

  private static Set<String> seriesNames(String chart) throws Exception {
    return onFx(() -> chart(chart).getData().stream().map(XYChart.Series::getName).collect(Collectors.toSet()));
  }

  private static Set<String> clientSeries(String chart) throws Exception {
    var names = seriesNames(chart);
    names.remove("keepalive timeout");
    return names;
  }

  /** Series of connected clients (closed ones are named "… (closed)"). */
  private static Set<String> liveSeries(String chart) throws Exception {
    var names = clientSeries(chart);
    names.removeIf(n -> n.endsWith("(closed)"));
    return names;
  }

  /** Like {@link #points} for connected clients only. */
  private static Map<String, List<Double>> livePoints(String chart) throws Exception {
    var all = points(chart);
    all.keySet().removeIf(n -> n.endsWith("(closed)"));
    return all;
  }

  /** Series name to y values, oldest first. */
  private static Map<String, List<Double>> points(String chart) throws Exception {
    return onFx(() -> {
      var out = new LinkedHashMap<String, List<Double>>();
      for (var s : chart(chart).getData()) {
        out.put(s.getName(), s.getData().stream().map(d -> d.getYValue().doubleValue()).toList());
      }
      return out;
    });
  }

  /** Every chart's series as (x, y) pairs. */
  private static Map<String, Map<String, List<List<Double>>>> allPoints() throws Exception {
    return onFx(() -> {
      var out = new LinkedHashMap<String, Map<String, List<List<Double>>>>();
      for (String id : List.of("#chart-events", "#chart-send-latency", "#chart-queue-bytes", "#chart-pong-age", "#chart-ping-rtt")) {
        var series = new LinkedHashMap<String, List<List<Double>>>();
        for (var s : chart(id).getData()) {
          series.put(s.getName(), s.getData().stream()
              .map(d -> List.of(d.getXValue().doubleValue(), d.getYValue().doubleValue())).toList());
        }
        out.put(id, series);
      }
      return out;
    });
  }

  @SuppressWarnings("unchecked")
  private static LineChart<Number, Number> chart(String id) {
    return (LineChart<Number, Number>) console.scene().lookup(id);
  }
}
