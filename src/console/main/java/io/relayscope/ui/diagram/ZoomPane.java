package io.relayscope.ui.diagram;

import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Affine;

/**
 * Shows a diagram scaled down to fit, aspect kept, centred. On top of the fit: the wheel zooms
 * around the pointer, dragging pans, a double click returns to the fit. The pane asks for no
 * size of its own, so the diagram never pushes the window's split panes around.
 */
final class ZoomPane extends Region {
  static final double MARGIN = 8;
  static final double MAX_ZOOM = 8;

  private final Group content = new Group();
  private final Affine transform = new Affine();
  private double diagramWidth;
  private double diagramHeight;
  private double zoom = 1;
  private double panX;
  private double panY;
  private Point2D dragFrom;
  private Bounds focus;

  ZoomPane() {
    getStyleClass().add(DiagramStyles.CANVAS);
    content.setManaged(false);
    content.getTransforms().add(transform);
    getChildren().add(content);
    var clip = new Rectangle();
    clip.widthProperty().bind(widthProperty());
    clip.heightProperty().bind(heightProperty());
    setClip(clip);
    setOnScroll(this::onScroll);
    addEventHandler(MouseEvent.MOUSE_PRESSED, e -> dragFrom = new Point2D(e.getX() - panX, e.getY() - panY));
    addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
      if (dragFrom == null) return;
      panX = e.getX() - dragFrom.getX();
      panY = e.getY() - dragFrom.getY();
      requestLayout();
    });
    addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
      if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) fit();
    });
  }

  /** Shows {@code diagram} (null: nothing), fitted. */
  void show(Node diagram, double width, double height) {
    focus = null;
    content.getChildren().setAll(diagram == null ? new Node[0] : new Node[] {diagram});
    diagramWidth = width;
    diagramHeight = height;
    fit();
  }

  /** Back to the whole diagram in view. */
  void fit() {
    zoom = 1;
    panX = 0;
    panY = 0;
    requestLayout();
  }

  /** The scale the diagram is drawn at: the fit times the operator's zoom. */
  double scale() {
    return fitScale() * zoom;
  }

  private double fitScale() {
    if (diagramWidth <= 0 || diagramHeight <= 0) return 1;
    double w = Math.max(1, getWidth() - 2 * MARGIN);
    double h = Math.max(1, getHeight() - 2 * MARGIN);
    return Math.max(MIN_FIT_SCALE, Math.min(1, Math.min(w / diagramWidth, h / diagramHeight)));
  }

  /**
   * Never fitted smaller than this: 10-11 px labels would drop to 6 px and be unreadable. A larger
   * diagram overflows the pane from its top left corner, and is panned or zoomed out with the wheel.
   */
  static final double MIN_FIT_SCALE = 0.8;

  /**
   * Keeps {@code box} (diagram coordinates; null: nothing) in view while the diagram overflows the
   * pane and the operator has not panned or zoomed: the current state is never off-screen.
   */
  void keepInView(Bounds box) {
    focus = box;
    requestLayout();
  }

  @Override
  protected void layoutChildren() {
    double s = scale();
    double tx = offset(getWidth(), diagramWidth * s) + panX;
    double ty = offset(getHeight(), diagramHeight * s) + panY;
    if (focus != null && zoom == 1 && panX == 0 && panY == 0) {
      tx = bringIn(tx, focus.getMinX() * s, focus.getMaxX() * s, getWidth());
      ty = bringIn(ty, focus.getMinY() * s, focus.getMaxY() * s, getHeight());
    }
    transform.setToTransform(s, 0, tx, 0, s, ty);
  }

  /** The offset that shows {@code [from, to]} (scaled diagram coordinates) inside {@code pane}, moving as little as it can. */
  private static double bringIn(double offset, double from, double to, double pane) {
    if (offset + to > pane - MARGIN) offset = pane - MARGIN - to;
    if (offset + from < MARGIN) offset = MARGIN - from;
    return offset;
  }

  /** Centred when it fits, else from the start edge. */
  private static double offset(double pane, double drawn) {
    return drawn <= pane ? (pane - drawn) / 2 : MARGIN;
  }

  private void onScroll(ScrollEvent e) {
    if (diagramWidth <= 0 || e.getDeltaY() == 0) return;
    double before = scale();
    // Zooming out below the fit is allowed down to the whole diagram in view.
    zoom = Math.max(minZoom(), Math.min(MAX_ZOOM, zoom * Math.exp(e.getDeltaY() * 0.002)));
    double after = scale();
    // Keep the diagram point under the pointer where it is.
    double px = (e.getX() - (offset(getWidth(), diagramWidth * before) + panX)) / before;
    double py = (e.getY() - (offset(getHeight(), diagramHeight * before) + panY)) / before;
    panX = e.getX() - px * after - offset(getWidth(), diagramWidth * after);
    panY = e.getY() - py * after - offset(getHeight(), diagramHeight * after);
    if (zoom == 1) {
      panX = 0;
      panY = 0;
    }
    requestLayout();
    e.consume();
  }

  /** The zoom at which the whole diagram is in view (below 1 only when the fit is held at its minimum). */
  private double minZoom() {
    if (diagramWidth <= 0 || diagramHeight <= 0) return 1;
    double w = Math.max(1, getWidth() - 2 * MARGIN);
    double h = Math.max(1, getHeight() - 2 * MARGIN);
    double whole = Math.min(1, Math.min(w / diagramWidth, h / diagramHeight));
    return Math.min(1, whole / fitScale());
  }

  @Override
  protected double computeMinWidth(double height) {
    return 0;
  }

  @Override
  protected double computeMinHeight(double width) {
    return 0;
  }

  @Override
  protected double computePrefWidth(double height) {
    return 200;
  }

  @Override
  protected double computePrefHeight(double width) {
    return 120;
  }
}
