package io.relayscope.ui.diagram;

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
    return Math.min(1, Math.min(w / diagramWidth, h / diagramHeight));
  }

  @Override
  protected void layoutChildren() {
    double s = scale();
    double tx = (getWidth() - diagramWidth * s) / 2 + panX;
    double ty = (getHeight() - diagramHeight * s) / 2 + panY;
    transform.setToTransform(s, 0, tx, 0, s, ty);
  }

  private void onScroll(ScrollEvent e) {
    if (diagramWidth <= 0 || e.getDeltaY() == 0) return;
    double before = scale();
    zoom = Math.max(1, Math.min(MAX_ZOOM, zoom * Math.exp(e.getDeltaY() * 0.002)));
    double after = scale();
    // Keep the diagram point under the pointer where it is.
    double px = (e.getX() - ((getWidth() - diagramWidth * before) / 2 + panX)) / before;
    double py = (e.getY() - ((getHeight() - diagramHeight * before) / 2 + panY)) / before;
    panX = e.getX() - px * after - (getWidth() - diagramWidth * after) / 2;
    panY = e.getY() - py * after - (getHeight() - diagramHeight * after) / 2;
    if (zoom == 1) {
      panX = 0;
      panY = 0;
    }
    requestLayout();
    e.consume();
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
