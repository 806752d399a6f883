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
        entry(bar(1.5, 12, "-rs-accent"), "event", "An event the relay received, on its machine's ingest lane."),
        entry(dot(3, "-rs-error"), "rejected", "An input the relay rejected (not relayed), with its reason."),
        entry(bar(1.5, 12, "-rs-muted"), "sends", "Frames written to the client (one mark a second)."),
        entry(bar(16, 8, "-rs-slow"), "LAGGING", "Reading, but behind: queue over its soft mark or bytes unread in the kernel."),
        entry(bar(16, 8, "-rs-stalled"), "NOT READING", "Stopped reading: bytes sit unread; evicted (4008) or closed (4009) next."),
        entry(bar(4, 14, "-rs-error"), "evicted 4008 / ping timeout", "Evicted with 4008, or a ping went unanswered past the keepalive timeout."),
        entry(bar(3, 14, "-rs-closing"), "closed", "The connection ended; hover it for the close code's meaning."),
        entry(ring(), "ping", "A keepalive ping sent."),
        entry(dot(2.5, "-rs-ok"), "pong / connected", "A pong received (with its round trip), or the client connected."),
        entry(triangle(), "incident", "An incident: its start; the list on the right has them all, click one to zoom onto it."));
    return legend;
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
    p.setStyle("-fx-fill: -rs-stalled;");
    return p;
  }
}
