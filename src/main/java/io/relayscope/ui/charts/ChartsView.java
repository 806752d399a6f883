package io.relayscope.ui.charts;

import io.relayscope.ui.ConsoleFrame;
import io.relayscope.ui.ConsoleModel;
import io.relayscope.ui.FrameView;
import io.relayscope.ui.Selection;
import javafx.scene.Node;
import javafx.scene.control.Label;

/** Charts (being built). */
public final class ChartsView implements FrameView {
  private final Label root = new Label("Charts");

  public ChartsView(ConsoleModel model, Selection selection) {}

  public Node node() {
    return root;
  }

  @Override
  public void render(ConsoleFrame frame) {}
}
