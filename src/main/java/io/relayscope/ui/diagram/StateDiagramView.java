package io.relayscope.ui.diagram;

import io.relayscope.ui.ConsoleFrame;
import io.relayscope.ui.ConsoleModel;
import io.relayscope.ui.FrameView;
import io.relayscope.ui.Selection;
import javafx.scene.Node;
import javafx.scene.control.Label;

/** State diagram (being built). */
public final class StateDiagramView implements FrameView {
  private final Label root = new Label("State diagram");

  public StateDiagramView(ConsoleModel model, Selection selection) {}

  public Node node() {
    return root;
  }

  @Override
  public void render(ConsoleFrame frame) {}
}
