package io.relayscope.ui.fx;

import javafx.scene.Node;

/**
 * Turns a style class on or off only when it is not already so. Removing and re-adding a class
 * every frame changes the node's style-class list each time, which has the toolkit redo its CSS and
 * repaint it though nothing on screen changed.
 */
public final class StyleClass {
  private StyleClass() {}

  public static void set(Node node, String styleClass, boolean on) {
    var classes = node.getStyleClass();
    if (on && !classes.contains(styleClass)) classes.add(styleClass);
    if (!on) classes.removeAll(styleClass); // no-op (no change event) when absent
  }
}
