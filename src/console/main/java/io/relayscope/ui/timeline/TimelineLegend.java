package io.relayscope.ui.timeline;

import io.relayscope.ui.theme.ThemeColour;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.Shape;

/**
 * What the timeline's marks mean: one swatch per kind, in the looked-up colour the canvas draws it
 * in ({@link Mark.Kind#colour()}), so both follow the theme from one place.
 */
final class TimelineLegend {
  private TimelineLegend() {}

  static Node create() {
    var legend = new FlowPane(12, 2);
    legend.setId("timeline-legend");
    legend.getStyleClass().add("timeline-legend");
    legend.setAlignment(Pos.CENTER_LEFT);
    legend.getChildren().addAll(
        entry(bar(1.5, 12, Mark.Kind.EVENT), Mark.Kind.EVENT),
        entry(dot(3, Mark.Kind.REJECTED), Mark.Kind.REJECTED),
        entry(bar(1.5, 12, Mark.Kind.SEND), Mark.Kind.SEND),
        entry(bar(10, 3, Mark.Kind.SLOW_SEND), Mark.Kind.SLOW_SEND),
        entry(bar(16, 8, Mark.Kind.LAGGING_SPAN), Mark.Kind.LAGGING_SPAN),
        entry(bar(16, 8, Mark.Kind.NOT_READING_SPAN), Mark.Kind.NOT_READING_SPAN),
        entry(bar(4, 14, Mark.Kind.EVICTED), Mark.Kind.EVICTED),
        entry(bar(3, 14, Mark.Kind.CLOSED), Mark.Kind.CLOSED),
        entry(dot(2.5, Mark.Kind.CONNECTED), Mark.Kind.CONNECTED),
        // The keepalive lane's three marks, each named: a ring, a dot, a bar.
        entry(ring(Mark.Kind.PING), Mark.Kind.PING),
        entry(dot(2.5, Mark.Kind.PONG), Mark.Kind.PONG),
        entry(bar(4, 14, Mark.Kind.PONG_MISSED), Mark.Kind.PONG_MISSED),
        entry(triangle(), "incident", "An incident: its start; the list on the right has them all, click one to zoom onto it."));
    return legend;
  }

  private static Label entry(Shape swatch, Mark.Kind kind) {
    Label l = entry(swatch, kind.title(), kind.meaning());
    l.setId("legend-" + kind.name().toLowerCase(Locale.ROOT));
    return l;
  }

  private static Label entry(Shape swatch, String text, String meaning) {
    var l = new Label(text, swatch);
    l.getStyleClass().add("timeline-legend-entry");
    l.setTooltip(new Tooltip(meaning));
    return l;
  }

  private static Shape bar(double w, double h, Mark.Kind kind) {
    return filled(new Rectangle(w, h), kind.colour());
  }

  private static Shape dot(double radius, Mark.Kind kind) {
    return filled(new Circle(radius), kind.colour());
  }

  private static Shape ring(Mark.Kind kind) {
    var c = new Circle(2.5);
    c.setStyle("-fx-fill: transparent; -fx-stroke: " + kind.colour().lookup() + ";");
    return c;
  }

  private static Shape triangle() {
    return filled(new Polygon(0, 0, 10, 0, 5, 9), TimelineCanvas.INCIDENT);
  }

  /** Filled with the theme's looked-up colour (a style, so it follows a change of theme). */
  private static Shape filled(Shape shape, ThemeColour colour) {
    shape.setStyle("-fx-fill: " + colour.lookup() + ";");
    return shape;
  }
}
