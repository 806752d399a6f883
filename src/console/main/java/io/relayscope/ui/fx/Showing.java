package io.relayscope.ui.fx;

import javafx.scene.Node;

/** Whether a view is on screen: a tab's content is hidden, not removed, when another tab is picked. */
public final class Showing {
  private Showing() {}

  /** True when {@code node} and every ancestor are visible, in a scene. */
  public static boolean on(Node node) {
    for (Node n = node; n != null; n = n.getParent()) {
      if (!n.isVisible()) return false;
    }
    return node.getScene() != null;
  }
}
