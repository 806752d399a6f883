package io.relayscope.ui.timeline;

import io.relayscope.ui.clients.CloseCodeText;
import io.relayscope.ui.fx.Format;
import io.relayscope.ui.theme.ThemeColour;
import io.relayscope.ui.theme.ThemeColours;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;

/**
 * Lanes of marks against time, drawn on a canvas (thousands of marks, redrawn at frame rate).
 * Scroll zooms around the pointer, drag with the secondary button (or Shift) pans, drag with the
 * primary button selects a window, a click picks the nearest mark, and the pointer's time is the
 * shared time cursor.
 */
final class TimelineCanvas extends Pane {
  static final double LABEL_WIDTH = 170;
  static final double AXIS_HEIGHT = 24;
  static final double LANE_HEIGHT = 20;

  private final Canvas canvas = new Canvas();
  /** An incident's mark on the axis. */
  static final ThemeColour INCIDENT = ThemeColour.NOT_READING;
  /** How much of the accent a selected window is tinted with. */
  private static final double SELECTION_OPACITY = 0.18;

  private final ThemeColours colors = new ThemeColours();
  final LongProperty cursor = new SimpleLongProperty(0);
  private TimelineData data = new TimelineData();
  private List<Incident> incidents = List.of();
  private long viewStart;
  private long viewEnd;
  private long selectStart = -1;
  private long selectEnd = -1;
  private double dragX = -1;
  private boolean panning;
  private boolean dragged;
  private Consumer<Mark> onPick = m -> { };
  private Runnable onViewChanged = () -> { };
  private final Tooltip tip = new Tooltip();
  private boolean tipInstalled;

  TimelineCanvas() {
    getChildren().addAll(canvas, colors.host());
    canvas.widthProperty().bind(widthProperty());
    canvas.heightProperty().bind(heightProperty());
    canvas.widthProperty().addListener(o -> redraw());
    canvas.heightProperty().addListener(o -> redraw());
    long now = System.currentTimeMillis();
    viewStart = now - 30_000;
    viewEnd = now;
    setMinHeight(AXIS_HEIGHT + LANE_HEIGHT * 3);
    canvas.addEventHandler(ScrollEvent.SCROLL, this::zoom);
    canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::press);
    canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::drag);
    canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::release);
    canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
      if (e.getX() > LABEL_WIDTH) cursor.set(timeAt(e.getX()));
      showTip(tooltipAt(e.getX(), e.getY()));
    });
    tip.setShowDelay(Duration.millis(250));
    tip.setWrapText(true);
    tip.setMaxWidth(520);
    cursor.addListener(o -> redraw());
  }

  void setData(TimelineData d) {
    data = d;
    incidents = d.incidents();
    redraw();
  }

  void onPick(Consumer<Mark> c) {
    onPick = c;
  }

  void onViewChanged(Runnable r) {
    onViewChanged = r;
  }

  void setView(long start, long end) {
    viewStart = start;
    viewEnd = Math.max(end, start + 100);
    redraw();
  }

  long viewStart() {
    return viewStart;
  }

  long viewEnd() {
    return viewEnd;
  }

  /** The selected window, or the visible one if nothing is selected. */
  long[] window() {
    return selectStart >= 0 ? new long[] {Math.min(selectStart, selectEnd), Math.max(selectStart, selectEnd)}
        : new long[] {viewStart, viewEnd};
  }

  boolean hasSelection() {
    return selectStart >= 0;
  }

  void select(long from, long to) {
    selectStart = from;
    selectEnd = to;
    redraw();
  }

  void clearSelection() {
    selectStart = selectEnd = -1;
    redraw();
  }

  private double xOf(long t) {
    double w = Math.max(1, canvas.getWidth() - LABEL_WIDTH);
    return LABEL_WIDTH + (t - viewStart) * w / Math.max(1, viewEnd - viewStart);
  }

  private long timeAt(double x) {
    double w = Math.max(1, canvas.getWidth() - LABEL_WIDTH);
    return viewStart + Math.round((x - LABEL_WIDTH) * (viewEnd - viewStart) / w);
  }

  private void zoom(ScrollEvent e) {
    if (e.getDeltaY() == 0) return;
    double factor = e.getDeltaY() > 0 ? 0.8 : 1.25;
    long pivot = timeAt(Math.max(LABEL_WIDTH, e.getX()));
    long start = pivot - Math.round((pivot - viewStart) * factor);
    long end = pivot + Math.round((viewEnd - pivot) * factor);
    setView(start, end);
    onViewChanged.run();
  }

  private void press(MouseEvent e) {
    dragX = e.getX();
    dragged = false;
    panning = e.getButton() != MouseButton.PRIMARY || e.isShiftDown();
    if (!panning && e.getX() > LABEL_WIDTH) {
      selectStart = timeAt(e.getX());
      selectEnd = selectStart;
    }
  }

  private void drag(MouseEvent e) {
    if (dragX < 0) return;
    if (Math.abs(e.getX() - dragX) > 3) dragged = true;
    if (panning) {
      long shift = timeAt(dragX) - timeAt(e.getX());
      viewStart += shift;
      viewEnd += shift;
      dragX = e.getX();
      onViewChanged.run();
    } else if (selectStart >= 0) {
      selectEnd = timeAt(Math.max(LABEL_WIDTH, e.getX()));
    }
    redraw();
  }

  private void release(MouseEvent e) {
    if (!dragged && !panning) {
      selectStart = selectEnd = -1;
      Mark m = markAt(e.getX(), e.getY());
      if (m != null) onPick.accept(m);
    }
    dragX = -1;
    redraw();
  }

  /** The mark nearest the point, within a few pixels, or null. */
  Mark markAt(double x, double y) {
    List<String> lanes = data.lanes();
    int lane = (int) ((y - AXIS_HEIGHT) / LANE_HEIGHT);
    if (lane < 0 || lane >= lanes.size()) return null;
    String name = lanes.get(lane);
    Mark best = null;
    double bestDist = 6;
    for (Mark m : data.marks(System.currentTimeMillis())) {
      if (!m.lane().equals(name)) continue;
      double x0 = xOf(m.startMillis());
      double x1 = xOf(m.endMillis());
      double d = x >= x0 && x <= x1 ? 0 : Math.min(Math.abs(x - x0), Math.abs(x - x1));
      if (d <= bestDist && (best == null || d < bestDist || !m.isSpan())) {
        best = m;
        bestDist = d;
      }
    }
    return best;
  }

  /**
   * What the pointer is on, in words: an incident's triangle above the lanes, or a mark with its
   * time (and a close code's meaning). Null over nothing.
   */
  String tooltipAt(double x, double y) {
    if (x <= LABEL_WIDTH) return null;
    if (y < AXIS_HEIGHT) {
      for (Incident inc : incidents) {
        if (inc.atMillis() >= viewStart && inc.atMillis() <= viewEnd && Math.abs(xOf(inc.atMillis()) - x) <= 6) {
          return "Incident at " + Format.timeMillis(inc.atMillis()) + ": " + inc.what();
        }
      }
      return null;
    }
    Mark m = markAt(x, y);
    if (m == null) return null;
    var text = new StringBuilder(describe(m));
    // Marks of the same moment on the lane (a keepalive tick's missed pong and its next ping) each say what they are.
    for (Mark o : data.marks(System.currentTimeMillis())) {
      if (o != m && !o.isSpan() && !m.isSpan() && o.lane().equals(m.lane()) && o.startMillis() == m.startMillis()) {
        text.append("\n\n").append(describe(o));
      }
    }
    return text.toString();
  }

  private static String describe(Mark m) {
    String when = m.isSpan() ? Format.timeMillis(m.startMillis()) + " – " + Format.timeMillis(m.endMillis())
        : Format.timeMillis(m.startMillis());
    // What the mark is, in the legend's words: a bare "ping" says nothing to a new operator.
    String text = when + "  " + m.label() + "\n" + m.kind().meaning();
    if ((m.kind() == Mark.Kind.CLOSED || m.kind() == Mark.Kind.EVICTED) && m.fact() != null
        && m.fact().fields().get("code") instanceof Number code) {
      text += "\n" + CloseCodeText.meaning(code.intValue());
    } else if (m.kind() == Mark.Kind.EVICTED) {
      text += "\n" + CloseCodeText.meaning(4008);
    }
    return text;
  }

  private void showTip(String text) {
    if (text == null) {
      if (tipInstalled) Tooltip.uninstall(canvas, tip);
      tipInstalled = false;
      return;
    }
    tip.setText(text);
    if (!tipInstalled) Tooltip.install(canvas, tip);
    tipInstalled = true;
  }

  /** Where {@code m} is drawn: its start and its lane's middle, in the canvas's coordinates. */
  double[] pointOf(Mark m) {
    return new double[] {xOf(m.startMillis()), AXIS_HEIGHT + laneIndex(m.lane()) * LANE_HEIGHT + LANE_HEIGHT / 2};
  }

  int laneIndex(String lane) {
    return data.lanes().indexOf(lane);
  }

  Color color(ThemeColour colour) {
    colors.refresh();
    return colors.get(colour);
  }

  void redraw() {
    GraphicsContext g = canvas.getGraphicsContext2D();
    double w = canvas.getWidth();
    double h = canvas.getHeight();
    if (w <= 0 || h <= 0) return;
    colors.refresh();
    g.setFill(colors.get(ThemeColour.PANEL));
    g.fillRect(0, 0, w, h);
    g.setFont(Font.font(11));
    List<String> lanes = data.lanes();
    var laneIndex = new HashMap<String, Integer>();
    for (int i = 0; i < lanes.size(); i++) laneIndex.put(lanes.get(i), i);
    for (int i = 0; i < lanes.size(); i++) {
      double y = AXIS_HEIGHT + i * LANE_HEIGHT;
      if (i % 2 == 1) {
        g.setFill(colors.get(ThemeColour.BG));
        g.fillRect(0, y, w, LANE_HEIGHT);
      }
      g.setFill(colors.get(ThemeColour.FG));
      g.setTextAlign(TextAlignment.LEFT);
      g.setTextBaseline(VPos.CENTER);
      g.fillText(laneLabel(lanes.get(i)), 6, y + LANE_HEIGHT / 2, LABEL_WIDTH - 12);
    }
    g.setStroke(colors.get(ThemeColour.BORDER));
    g.strokeLine(0, AXIS_HEIGHT - 0.5, w, AXIS_HEIGHT - 0.5);
    // Everything against time stays in the plot: a span that began before the view, a tick label
    // near the edge, never spill over the lane names.
    g.save();
    g.beginPath();
    g.rect(LABEL_WIDTH, 0, Math.max(0, w - LABEL_WIDTH), h);
    g.clip();
    drawAxis(g, w);
    long now = System.currentTimeMillis();
    for (Mark m : data.marks(now)) {
      if (m.endMillis() < viewStart || m.startMillis() > viewEnd) continue;
      Integer lane = laneIndex.get(m.lane());
      if (lane == null) continue;
      drawMark(g, m, AXIS_HEIGHT + lane * LANE_HEIGHT);
    }
    g.setFill(colors.get(INCIDENT));
    for (Incident inc : incidents) {
      if (inc.atMillis() < viewStart || inc.atMillis() > viewEnd) continue;
      double x = xOf(inc.atMillis());
      g.fillPolygon(new double[] {x - 5, x + 5, x}, new double[] {AXIS_HEIGHT - 10, AXIS_HEIGHT - 10, AXIS_HEIGHT - 1}, 3);
    }
    if (selectStart >= 0) {
      double x0 = xOf(Math.min(selectStart, selectEnd));
      double x1 = xOf(Math.max(selectStart, selectEnd));
      Color a = colors.get(ThemeColour.ACCENT);
      g.setFill(Color.color(a.getRed(), a.getGreen(), a.getBlue(), SELECTION_OPACITY));
      g.fillRect(x0, AXIS_HEIGHT, Math.max(1, x1 - x0), h - AXIS_HEIGHT);
    }
    long c = cursor.get();
    if (c >= viewStart && c <= viewEnd) {
      double x = xOf(c);
      g.setStroke(colors.get(ThemeColour.ACCENT));
      g.setLineWidth(1);
      g.strokeLine(x, AXIS_HEIGHT, x, h);
    }
    g.restore();
    g.setStroke(colors.get(ThemeColour.BORDER));
    g.strokeLine(LABEL_WIDTH, 0, LABEL_WIDTH, h);
  }

  private void drawMark(GraphicsContext g, Mark m, double y) {
    double x0 = xOf(m.startMillis());
    double x1 = Math.max(x0 + 2, xOf(m.endMillis()));
    double mid = y + LANE_HEIGHT / 2;
    Color colour = colors.get(m.kind().colour());
    switch (m.kind()) {
      case LAGGING_SPAN, NOT_READING_SPAN -> {
        g.setFill(colour);
        g.fillRect(x0, y + 5, x1 - x0, LANE_HEIGHT - 10);
      }
      case SLOW_SEND -> {
        g.setStroke(colour);
        g.setLineWidth(3);
        g.strokeLine(x0, mid, x1, mid);
        g.setLineWidth(1);
      }
      case EVICTED, PONG_MISSED -> {
        g.setFill(colour);
        g.fillRect(x0 - 2, y + 2, 4, LANE_HEIGHT - 4);
      }
      case CLOSED -> {
        g.setFill(colour);
        g.fillRect(x0 - 1, y + 2, 3, LANE_HEIGHT - 4);
      }
      case REJECTED -> {
        g.setFill(colour);
        g.fillOval(x0 - 3, mid - 3, 6, 6);
      }
      case PONG, CONNECTED -> {
        g.setFill(colour);
        g.fillOval(x0 - 2.5, mid - 2.5, 5, 5);
      }
      case PING -> {
        g.setStroke(colour);
        g.strokeOval(x0 - 2.5, mid - 2.5, 5, 5);
      }
      default -> {
        g.setStroke(colour);
        g.strokeLine(x0, y + 4, x0, y + LANE_HEIGHT - 4);
      }
    }
  }

  private void drawAxis(GraphicsContext g, double w) {
    g.setStroke(colors.get(ThemeColour.BORDER));
    long span = Math.max(1, viewEnd - viewStart);
    long[] steps = {100, 250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000};
    long step = steps[steps.length - 1];
    for (long s : steps) {
      if ((w - LABEL_WIDTH) * s / span >= 80) {
        step = s;
        break;
      }
    }
    g.setFill(colors.get(ThemeColour.MUTED));
    g.setTextAlign(TextAlignment.CENTER);
    g.setTextBaseline(VPos.CENTER);
    for (long t = (viewStart / step + 1) * step; t < viewEnd; t += step) {
      double x = xOf(t);
      g.strokeLine(x, AXIS_HEIGHT - 5, x, AXIS_HEIGHT);
      g.fillText(step < 1000 ? Format.timeMillis(t) : Format.time(t), x, AXIS_HEIGHT / 2 - 2);
    }
  }

  private static String laneLabel(String lane) {
    if (lane.startsWith("ingest:")) return "ingest · " + lane.substring(7);
    if (lane.startsWith("client:")) return "client " + lane.substring(7);
    if (lane.startsWith("keepalive:")) return "  keepalive " + lane.substring(10);
    return lane;
  }

  /** Height needed to show every lane. */
  double lanesHeight() {
    return AXIS_HEIGHT + data.lanes().size() * LANE_HEIGHT + 4;
  }
}
