package io.relayscope.ui.timeline;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.Shape;

/** What the timeline's marks mean: one swatch per kind, in the colours the canvas draws them. */
final class TimelineLegend {
  private TimelineLegend() {}

  static Node create() {
    var legend = new FlowPane(12, 2);
    legend.setId("timeline-legend");
    legend.getStyleClass().add("timeline-legend");
    legend.setAlignment(Pos.CENTER_LEFT);
    legend.getChildren().addAll(
        entry(bar(1.5, 12, "-rs-accent"), Mark.Kind.EVENT),
        entry(dot(3, "-rs-error"), Mark.Kind.REJECTED),
        entry(bar(1.5, 12, "-rs-muted"), Mark.Kind.SEND),
        entry(bar(10, 3, "-rs-lagging"), Mark.Kind.SLOW_SEND),
        entry(bar(16, 8, "-rs-lagging"), Mark.Kind.LAGGING_SPAN),
        entry(bar(16, 8, "-rs-not-reading"), Mark.Kind.NOT_READING_SPAN),
        entry(bar(4, 14, "-rs-error"), Mark.Kind.EVICTED),
        entry(bar(3, 14, "-rs-closing"), Mark.Kind.CLOSED),
        entry(dot(2.5, "-rs-ok"), Mark.Kind.CONNECTED),
        // The keepalive lane's three marks, each named: a ring, a dot, a bar.
        entry(ring(), Mark.Kind.PING),
        entry(dot(2.5, "-rs-ok"), Mark.Kind.PONG),
        entry(bar(4, 14, "-rs-error"), Mark.Kind.PONG_MISSED),
        entry(triangle(), "incident", "An incident: its start; the list on the right has them all, click one to zoom onto it."));
    return legend;
  }

  private static Label entry(Shape swatch, Mark.Kind kind) {
    Label l = entry(swatch, kind.title(), kind.meaning());
    l.setId("legend-" + kind.name().toLowerCase(java.util.Locale.ROOT));
    return l;
  }

  private static Label entry(Shape swatch, String text, String meaning) {
    var l = new Label(text, swatch);
    l.getStyleClass().add("timeline-legend-entry");
    l.setTooltip(new Tooltip(meaning));
    return l;
  }

  private static Shape bar(double w, double h, String color) {
    var r = new Rectangle(w, h);
    r.setStyle("-fx-fill: " + color + ";");
    return r;
  }

  private static Shape dot(double radius, String color) {
    var c = new Circle(radius);
    c.setStyle("-fx-fill: " + color + ";");
    return c;
  }

  private static Shape ring() {
    var c = new Circle(2.5);
    c.setStyle("-fx-fill: transparent; -fx-stroke: -rs-muted;");
    return c;
  }

  private static Shape triangle() {
    var p = new Polygon(0, 0, 10, 0, 5, 9);
    p.setStyle("-fx-fill: -rs-not-reading;");
    return p;
  }
}
