package io.relayscope.ui;

import javafx.scene.layout.Region;
import javafx.scene.transform.Scale;

/**
 * The window's content, drawn larger in a 4K-class window: laid out at the window's size divided
 * by a scale and then scaled up, so text, tables, charts and the diagram keep the proportions of a
 * 1920-pixel screen instead of shrinking to a corner. A screen the OS already scales (HiDPI) gives
 * JavaFX a logical width near 1920, and nothing changes.
 */
final class ScaledRoot extends Region {
  private final Region content;
  private final Scale scale = new Scale(1, 1, 0, 0);

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

  double scale() {
    return scale.getX();
  }

  @Override
  protected void layoutChildren() {
    double s = scaleFor(getWidth());
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
