package io.relayscope.ui.diagram;

import io.relayscope.ui.diagram.DiagramLayout.EdgeRoute;
import io.relayscope.ui.diagram.DiagramLayout.Point;
import io.relayscope.ui.diagram.DiagramLayout.Rect;
import java.util.List;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;

/**
 * One edge as nodes: its route, an arrowhead at the target and its label. The label is a separate
 * node so the view can draw all labels above all lines.
 */
final class EdgeShape {
  static final double ARROW_LENGTH = 8;
  static final double ARROW_HALF_WIDTH = 4;

  private final EdgeRoute route;
  private final Group line;
  private final Label label;

  EdgeShape(EdgeRoute route) {
    this.route = route;
    line = new Group(path(route.points()), arrow(route.points()));
    line.setId(route.edge().id());
    line.getStyleClass().add(DiagramStyles.EDGE);
    if (!route.edge().declared()) line.getStyleClass().add(DiagramStyles.UNDECLARED_EDGE);
    if (route.edge().fromAny()) line.getStyleClass().add(DiagramStyles.ANY_EDGE);
    label = route.label() == null ? null : label(route);
  }

  EdgeRoute route() {
    return route;
  }

  /** The route and arrowhead, carrying the edge's id and classes. */
  Node line() {
    return line;
  }

  /** The label, or null when the edge has none. */
  Label label() {
    return label;
  }

  /** A copy of the route and arrowhead to light up over the edge; it fades on its own. */
  Group flashCopy() {
    Group g = new Group(path(route.points()), arrow(route.points()));
    g.getStyleClass().add(DiagramStyles.FLASH);
    g.setMouseTransparent(true);
    return g;
  }

  private static Polyline path(List<Point> points) {
    var p = new Polyline();
    // Stop the line at the arrowhead's base so a thick (lit) line does not poke through its tip.
    Point[] pts = points.toArray(new Point[0]);
    Point end = pts[pts.length - 1];
    Point before = pts[pts.length - 2];
    double len = Math.hypot(end.x() - before.x(), end.y() - before.y());
    double cut = Math.min(ARROW_LENGTH * 0.8, len);
    pts[pts.length - 1] = len == 0 ? end
        : new Point(end.x() - (end.x() - before.x()) / len * cut, end.y() - (end.y() - before.y()) / len * cut);
    for (Point pt : pts) p.getPoints().addAll(pt.x(), pt.y());
    p.getStyleClass().add(DiagramStyles.EDGE_LINE);
    return p;
  }

  private static Polygon arrow(List<Point> points) {
    Point tip = points.get(points.size() - 1);
    Point from = points.get(points.size() - 2);
    double dx = tip.x() - from.x();
    double dy = tip.y() - from.y();
    double len = Math.hypot(dx, dy);
    if (len == 0) {
      dx = 1;
      len = 1;
    }
    double ux = dx / len;
    double uy = dy / len;
    double bx = tip.x() - ux * ARROW_LENGTH;
    double by = tip.y() - uy * ARROW_LENGTH;
    var a = new Polygon(tip.x(), tip.y(), bx - uy * ARROW_HALF_WIDTH, by + ux * ARROW_HALF_WIDTH,
        bx + uy * ARROW_HALF_WIDTH, by - ux * ARROW_HALF_WIDTH);
    a.getStyleClass().add(DiagramStyles.EDGE_ARROW);
    return a;
  }

  private static Label label(EdgeRoute route) {
    Rect r = route.label();
    var l = new Label(route.edge().label());
    l.getStyleClass().add(DiagramStyles.EDGE_LABEL);
    if (!route.edge().declared()) l.getStyleClass().add(DiagramStyles.UNDECLARED_EDGE);
    l.setId("label-" + route.edge().id());
    l.setMouseTransparent(true);
    RenderedDiagram.place(l, r);
    return l;
  }
}
