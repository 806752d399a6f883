package io.relayscope.ui.charts;

import io.relayscope.metrics.ClientStats;
import io.relayscope.ui.frame.ConsoleFrame;
import io.relayscope.ui.frame.FrameView;
import io.relayscope.ui.frame.Selection;
import io.relayscope.ui.fx.Format;
import io.relayscope.ui.fx.Showing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;

/**
 * The relay over the last five minutes: events/s, and per connected client the worst send latency
 * of each second, queued bytes, last-pong age against the keepalive timeout, and ping RTT.
 *
 * <p>{@link ChartHistory} samples every frame into one point a second whatever the charts do;
 * Pause only stops copying it into the charts, so they freeze while collection goes on and Resume
 * catches up in one step. Charts are updated point by point, never rebuilt.
 */
public final class ChartsView implements FrameView {
  private static final String EVENTS = "events";
  private static final String TIMEOUT = "keepalive-timeout";
  /** The style of a closed client's line: kept for the window, greyed. */
  static final String CLOSED = "series-closed";

  private final ChartHistory history = new ChartHistory();
  private final ClientPalette palette = new ClientPalette();
  private final ClientLegend legend = new ClientLegend();
  private final TimeChart events = new TimeChart("chart-events", "Events/s", "events/s", null,
      "Events received per second, as the relay counts them each second.");
  private final Map<ClientMetric, TimeChart> perClient = new EnumMap<>(ClientMetric.class);
  private final double keepaliveTimeoutMs;
  private final ToggleButton pause = new ToggleButton("Pause");
  private final Label status = new Label();
  private final BorderPane root = new BorderPane();
  private long pausedAtMillis;
  /** Close codes of clients gone, for the legend (from the relay's recently closed list). */
  private final Map<String, Integer> closeCodes = new HashMap<>();

  /**
   * {@code selection} gives the shared time cursor; every chart is about the relay and its clients.
   * {@code keepaliveTimeout}: the relay's, drawn as the pong-age chart's limit.
   */
  public ChartsView(Duration keepaliveTimeout, Selection selection) {
    keepaliveTimeoutMs = keepaliveTimeout.toMillis();
    perClient.put(ClientMetric.SEND_LATENCY, new TimeChart("chart-send-latency", "Send latency, worst per second",
        "ms", AxisLabels::millis,
        "Per client, the worst send latency (enqueue to written) of each second: the relay's per-second "
            + "maximum, or the age of the oldest frame still queued when that is larger. Not the cumulative "
            + "p99 of the Clients table, which hardly moves once a client has been up a while."));
    perClient.put(ClientMetric.QUEUE_BYTES, new TimeChart("chart-queue-bytes", "Queued bytes", "bytes",
        AxisLabels::bytes,
        "Per client, the largest outbound queue seen in each second."));
    perClient.put(ClientMetric.PONG_AGE, new TimeChart("chart-pong-age",
        "Last pong age (timeout " + Format.millis(keepaliveTimeoutMs) + ")", "age", AxisLabels::millis,
        "Per client, time since its last pong (since connect before the first). The dashed line is the "
            + "keepalive timeout: a client whose line reaches it is closed with 4009."));
    perClient.put(ClientMetric.PING_RTT, new TimeChart("chart-ping-rtt", "Ping round trip", "ms", AxisLabels::millis,
        "Per client, the round trip of its latest answered ping."));

    events.followCursor(selection.timeCursorProperty());
    perClient.values().forEach(c -> c.followCursor(selection.timeCursorProperty()));
    pause.setId("charts-pause");
    pause.selectedProperty().addListener((o, was, paused) -> {
      pause.setText(paused ? "Resume" : "Pause");
      if (paused) {
        pausedAtMillis = history.lastPointMillis();
        showPaused();
      } else {
        showLive();
        showHistory();
      }
    });
    status.setId("charts-status");
    status.getStyleClass().add("toolbar-label");
    showLive();
    root.setTop(new ToolBar(pause, status));
    root.setCenter(grid());
    root.getStyleClass().add("charts-view");
  }

  private GridPane grid() {
    var grid = new GridPane();
    grid.setId("charts-grid");
    grid.setPadding(new Insets(4));
    grid.setHgap(4);
    grid.setVgap(4);
    grid.add(events.chart(), 0, 0);
    grid.add(perClient.get(ClientMetric.SEND_LATENCY).chart(), 1, 0);
    grid.add(perClient.get(ClientMetric.QUEUE_BYTES).chart(), 2, 0);
    grid.add(perClient.get(ClientMetric.PONG_AGE).chart(), 0, 1);
    grid.add(perClient.get(ClientMetric.PING_RTT).chart(), 1, 1);
    grid.add(legend.node(), 2, 1);
    for (int i = 0; i < 3; i++) {
      var c = new ColumnConstraints();
      c.setPercentWidth(100 / 3.0);
      c.setHgrow(Priority.ALWAYS);
      grid.getColumnConstraints().add(c);
    }
    for (int i = 0; i < 2; i++) {
      var r = new RowConstraints();
      r.setPercentHeight(50);
      r.setVgrow(Priority.ALWAYS);
      grid.getRowConstraints().add(r);
    }
    return grid;
  }

  public Node node() {
    return root;
  }

  @Override
  public void render(ConsoleFrame frame) {
    for (ClientStats c : frame.relay().recentlyClosed()) closeCodes.put(c.id(), c.closeCode());
    boolean added = history.accept(frame);
    // On a hidden tab the charts wait: laying out and styling five charts a second that nobody sees
    // cost the FX thread as much as showing them. Shown again, they catch up in one step, as on Resume.
    if (!Showing.on(root)) {
      behind |= added;
      return;
    }
    if (!added && !behind) return;
    behind = false;
    if (paused()) {
      showPaused();
    } else {
      showHistory();
      showLive();
    }
  }

  /** Points were added while the charts were hidden: they catch up when shown. */
  private boolean behind;


  private boolean paused() {
    return pause.isSelected();
  }

  /** Says how far behind the frozen charts are, so the operator knows what Resume will add. */
  private void showPaused() {
    long behind = Math.max(0, history.lastPointMillis() - pausedAtMillis);
    status.setText("Paused at " + Format.time(pausedAtMillis) + " · " + Format.duration(behind)
        + " collected since · Resume catches up");
  }

  private void showLive() {
    long now = history.lastPointMillis();
    status.setText("Last 5 minutes" + (now == 0 ? "" : " until " + Format.time(now))
        + ", one point a second · hover a chart for what it shows");
  }

  /** Brings every chart up to the history: one point per series when live, everything missed on Resume. */
  private void showHistory() {
    long now = history.lastPointMillis();
    if (now == 0) return;
    events.showWindow(now);
    events.show(EVENTS, "events/s", "rs-events", history.eventsPerSecond());

    var ids = new HashSet<>(history.clientIds());
    palette.retain(ids);
    var keep = new HashSet<>(ids);
    keep.add(TIMEOUT);
    for (var e : perClient.entrySet()) {
      TimeChart chart = e.getValue();
      chart.retain(keep);
      chart.showWindow(now);
      for (String id : history.clientIds()) {
        boolean closed = history.closed(id);
        chart.show(id, closed ? id + " (closed)" : id, palette.styleClass(id) + (closed ? " " + CLOSED : ""),
            history.ring(id, e.getKey()));
      }
    }
    perClient.get(ClientMetric.PONG_AGE).showLevel(TIMEOUT, "keepalive timeout", "timeout-line", keepaliveTimeoutMs, now);

    var shown = new ArrayList<ClientStats>();
    for (String id : history.clientIds()) shown.add(history.firstSeen(id));
    var closed = new HashMap<String, Integer>();
    for (String id : history.clientIds()) if (history.closed(id)) closed.put(id, closeCodes.getOrDefault(id, -1));
    closeCodes.keySet().retainAll(history.clientIds());
    legend.show(shown, closed, palette, history.notCharted());
  }
}
