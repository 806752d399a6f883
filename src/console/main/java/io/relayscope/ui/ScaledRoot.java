package io.relayscope.ui;

import java.util.function.DoubleSupplier;
import javafx.scene.layout.Region;
import javafx.scene.transform.Scale;
import javafx.stage.Screen;

/**
 * The window's content, drawn larger in a 4K-class window or on a 4K-class screen: laid out at the
 * window's size divided by a scale and then scaled up, so text, tables, charts and the diagram keep
 * the proportions of a 1920-pixel screen instead of shrinking to a corner. A screen the OS already
 * scales (HiDPI) gives JavaFX a logical width near 1920, and nothing changes.
 */
final class ScaledRoot extends Region {
  private final Region content;
  private final Scale scale = new Scale(1, 1, 0, 0);
  private DoubleSupplier screenWidth = this::windowScreenWidth;

  ScaledRoot(Region content) {
    this.content = content;
    content.getTransforms().add(scale);
    getChildren().add(content);
    getStyleClass().add("scaled-root");
  }

  /** 1 up to 2,800 logical pixels wide (2560 monitors keep their room), 1.5 up to 3,400, then 2. */
  static double scaleFor(double width) {
    if (width >= 3400) return 2;
    if (width >= 2800) return 1.5;
    return 1;
  }

  /** The width of the screen the window is on (tests: a screen this machine does not have). */
  void screenWidth(DoubleSupplier width) {
    screenWidth = width;
    requestLayout();
  }

  double scale() {
    return scale.getX();
  }

  /**
   * The scale for a window {@code width} wide on a screen {@code screenWidth} wide: the screen's,
   * so a 4K screen's pixels are not read as room (a 2880-pixel window there is a 1440 one), but
   * never so much that the layout gets narrower than {@link WindowPlacement#MIN_WIDTH}; and at least
   * the window's own (a 3840-pixel window on a smaller screen still scales).
   */
  static double scaleFor(double width, double screenWidth) {
    double byScreen = Math.min(scaleFor(screenWidth), Math.max(1, width / WindowPlacement.MIN_WIDTH));
    return Math.max(scaleFor(width), byScreen);
  }

  /** The usable width of the screen the window is on, or 0 before it is shown. */
  private double windowScreenWidth() {
    var w = getScene() == null ? null : getScene().getWindow();
    if (w == null || !w.isShowing()) return 0;
    return Screen.getScreensForRectangle(w.getX(), w.getY(), Math.max(1, w.getWidth()), Math.max(1, w.getHeight()))
        .stream().findFirst().map(sc -> sc.getVisualBounds().getWidth()).orElse(0.0);
  }

  @Override
  protected void layoutChildren() {
    double s = scaleFor(getWidth(), screenWidth.getAsDouble());
    scale.setX(s);
    scale.setY(s);
    content.resizeRelocate(0, 0, getWidth() / s, getHeight() / s);
  }

  @Override
  protected double computePrefWidth(double height) {
    return content.prefWidth(height);
  }

  @Override
  protected double computePrefHeight(double width) {
    return content.prefHeight(width);
  }

  @Override
  protected double computeMinWidth(double height) {
    return content.minWidth(height);
  }

  @Override
  protected double computeMinHeight(double width) {
    return content.minHeight(width);
  }
}
