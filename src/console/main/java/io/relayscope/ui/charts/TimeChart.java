package io.relayscope.ui.charts;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleFunction;
import javafx.beans.property.LongProperty;
import javafx.collections.ObservableList;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;
import javafx.scene.shape.Line;
import javafx.util.Duration;
import javafx.util.StringConverter;

/**
 * A line chart over the last five minutes of clock time, one series per key. Series are brought up
 * to date from their {@link TimeRing} incrementally — new points appended, expired ones removed
 * from the front — so a live update touches two points per series, never the whole chart.
 */
final class TimeChart {
  private final NumberAxis time = new NumberAxis();
  private final NumberAxis values = new NumberAxis();
  private final Line cursorLine = new Line();
  private long cursorMillis;
  // Plot children share the axes' display coordinates: the cursor is placed with them.
  private final LineChart<Number, Number> chart = new LineChart<>(time, values) {
    {
      getPlotChildren().add(cursorLine);
    }

    @Override
    protected void layoutPlotChildren() {
      super.layoutPlotChildren();
      placeCursor();
    }
  };
  private final Map<String, XYChart.Series<Number, Number>> series = new LinkedHashMap<>();
  private final Map<XYChart.Series<Number, Number>, String> styles = new HashMap<>();

  TimeChart(String id, String title, String valueLabel, DoubleFunction<String> valueFormat, String explanation) {
    chart.setId(id);
    chart.getStyleClass().add("rs-chart");
    chart.setTitle(title);
    chart.setAnimated(false);
    chart.setCreateSymbols(false);
    chart.setLegendVisible(false); // one shared legend for all charts, see ClientLegend
    chart.setMinSize(160, 120);
    chart.setPrefSize(360, 200);

    // X values are epoch seconds: points keep their x for their whole life, only the bounds move.
    // The ticks move with the bounds, a minute apart from the upper one, so clock-time labels would
    // read 20:06:51, 20:07:51…; labels relative to now read the same from one second to the next.
    time.setAutoRanging(false);
    time.setTickUnit(60);
    time.setMinorTickCount(4);
    time.setForceZeroInRange(false);
    time.setTickLabelFormatter(converter(s -> ago(time.getUpperBound() - s)));
    time.setAnimated(false);

    values.setLabel(valueLabel);
    values.setForceZeroInRange(true);
    values.setAnimated(false);
    // null: plain numbers, every tick with the decimals the axis's step needs (0.0 0.5 1.0).
    values.setTickLabelFormatter(converter(valueFormat != null ? valueFormat : v -> AxisLabels.stepped(v, values.getTickUnit())));

    var tip = new Tooltip(explanation);
    tip.setShowDelay(Duration.millis(300));
    tip.setWrapText(true);
    tip.setMaxWidth(360);
    Tooltip.install(chart, tip);
  }

  LineChart<Number, Number> chart() {
    return chart;
  }

  /**
   * Follows the shared time cursor (epoch ms) and sets it from the pointer, so the charts and the
   * timeline point at the same moment.
   */
  void followCursor(LongProperty shared) {
    cursorLine.getStyleClass().add("chart-cursor");
    cursorLine.setMouseTransparent(true);
    shared.addListener((o, was, is) -> {
      cursorMillis = is.longValue();
      placeCursor();
    });
    chart.setOnMouseMoved(e -> {
      double x = time.sceneToLocal(e.getSceneX(), e.getSceneY()).getX();
      double seconds = time.getValueForDisplay(x).doubleValue();
      if (seconds >= time.getLowerBound() && seconds <= time.getUpperBound()) shared.set(Math.round(seconds * 1000));
    });
  }

  private void placeCursor() {
    double seconds = cursorMillis / 1000.0;
    boolean inside = cursorMillis > 0 && seconds >= time.getLowerBound() && seconds <= time.getUpperBound();
    cursorLine.setVisible(inside);
    if (!inside) return;
    double x = time.getDisplayPosition(seconds);
    cursorLine.setStartX(x);
    cursorLine.setEndX(x);
    cursorLine.setStartY(0);
    cursorLine.setEndY(values.getHeight());
    cursorLine.toFront();
  }

  /** Shows the window ending at {@code nowMillis}. */
  void showWindow(long nowMillis) {
    // Whole seconds: NumberAxis starts its ticks at the next whole number above the lower bound,
    // so whole bounds put the ticks exactly one minute apart from "now".
    double now = Math.ceil(nowMillis / 1000.0);
    time.setLowerBound(now - ChartHistory.WINDOW_MILLIS / 1000);
    time.setUpperBound(now);
  }

  /**
   * Makes the series {@code key} hold exactly the ring's points, creating it (styled with
   * {@code styleClass}) if new.
   */
  void show(String key, String name, String styleClass, TimeRing ring) {
    XYChart.Series<Number, Number> s = series.get(key);
    if (s == null) {
      s = new XYChart.Series<>();
      s.setName(name);
      series.put(key, s);
      styles.put(s, styleClass);
      chart.getData().add(s);
      restyle();
    }
    if (!name.equals(s.getName())) s.setName(name);
    if (!styleClass.equals(styles.get(s))) {
      styles.put(s, styleClass);
      restyle();
    }
    ObservableList<XYChart.Data<Number, Number>> data = s.getData();
    double oldest = ring.size() == 0 ? Double.POSITIVE_INFINITY : x(ring.time(0));
    int expired = 0;
    while (expired < data.size() && data.get(expired).getXValue().doubleValue() < oldest) expired++;
    if (expired > 0) data.remove(0, expired);
    double newestShown = data.isEmpty() ? Double.NEGATIVE_INFINITY : data.get(data.size() - 1).getXValue().doubleValue();
    int from = ring.size();
    while (from > 0 && x(ring.time(from - 1)) > newestShown) from--;
    if (from == ring.size()) return;
    @SuppressWarnings("unchecked")
    XYChart.Data<Number, Number>[] fresh = new XYChart.Data[ring.size() - from];
    for (int i = from; i < ring.size(); i++) fresh[i - from] = new XYChart.Data<>(x(ring.time(i)), ring.value(i));
    data.addAll(fresh);
  }

  /** A horizontal line across the whole window, e.g. a timeout. */
  void showLevel(String key, String name, String styleClass, double level, long nowMillis) {
    var ring = new TimeRing(2);
    ring.add(nowMillis - ChartHistory.WINDOW_MILLIS, level);
    ring.add(nowMillis, level);
    XYChart.Series<Number, Number> s = series.get(key);
    if (s != null) s.getData().clear();
    show(key, name, styleClass, ring);
  }

  /** Removes the series whose keys are not in {@code keep}. */
  void retain(Set<String> keep) {
    for (Iterator<Map.Entry<String, XYChart.Series<Number, Number>>> it = series.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!keep.contains(e.getKey())) {
        chart.getData().remove(e.getValue());
        styles.remove(e.getValue());
        it.remove();
        restyle();
      }
    }
  }

  /**
   * Colours every line by our palette, not the chart's own: LineChart resets its lines' style
   * classes to its defaults whenever a series is added or removed.
   */
  private void restyle() {
    styles.forEach((s, styleClass) -> {
      if (s.getNode() == null) return;
      var classes = List.of(styleClass.split(" "));
      var node = s.getNode().getStyleClass();
      for (String c : classes) if (!node.contains(c)) node.add(c);
      if (!classes.contains(ChartsView.CLOSED)) node.remove(ChartsView.CLOSED);
    });
  }

  /** A tick's distance from now: {@code now}, {@code -1 min}, … */
  private static String ago(double seconds) {
    long s = Math.round(seconds);
    if (s == 0) return "now";
    return s % 60 == 0 ? "−" + s / 60 + " min" : "−" + s + " s";
  }

  private static double x(long millis) {
    return millis / 1000.0;
  }

  private static StringConverter<Number> converter(DoubleFunction<String> format) {
    return new StringConverter<>() {
      @Override
      public String toString(Number n) {
        return format.apply(n.doubleValue());
      }

      @Override
      public Number fromString(String s) {
        throw new UnsupportedOperationException("display only");
      }
    };
  }
}
