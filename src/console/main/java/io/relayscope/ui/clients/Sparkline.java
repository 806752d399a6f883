package io.relayscope.ui.clients;

import java.util.Arrays;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.Rectangle;

/** A tiny line of recent values, scaled to its own maximum. */
final class Sparkline extends Pane {
  static final double WIDTH = 90;
  static final double HEIGHT = 18;
  private final Polyline line = new Polyline();

  Sparkline() {
    Rectangle frame = new Rectangle(WIDTH, HEIGHT);
    frame.getStyleClass().add("sparkline-frame");
    line.getStyleClass().add("sparkline");
    getChildren().addAll(frame, line);
    setPrefSize(WIDTH, HEIGHT);
    setMinSize(WIDTH, HEIGHT);
    setMaxSize(WIDTH, HEIGHT);
  }

  /** What the line shows now: the same values again leave it alone (no new geometry to draw). */
  private double[] shown = new double[0];

  void show(double[] values) {
    if (Arrays.equals(values, shown)) return;
    shown = values.clone();
    line.getPoints().clear();
    if (values.length == 0) return;
    double max = 0;
    for (double v : values) max = Math.max(max, v);
    double scale = max <= 0 ? 0 : (HEIGHT - 2) / max;
    double step = values.length == 1 ? 0 : WIDTH / (ClientRow.HISTORY - 1);
    double x0 = WIDTH - step * (values.length - 1);
    Double[] pts = new Double[values.length * 2];
    for (int i = 0; i < values.length; i++) {
      pts[2 * i] = x0 + i * step;
      pts[2 * i + 1] = HEIGHT - 1 - values[i] * scale;
    }
    line.getPoints().addAll(pts);
  }
}
