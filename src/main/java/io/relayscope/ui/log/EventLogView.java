package io.relayscope.ui.log;

import io.relayscope.ui.ConsoleFrame;
import io.relayscope.ui.ConsoleModel;
import io.relayscope.ui.FrameView;
import io.relayscope.ui.Selection;
import javafx.scene.Node;
import javafx.scene.control.Label;

/** Event log (being built). */
public final class EventLogView implements FrameView {
  private final Label root = new Label("Event log");

  public EventLogView(ConsoleModel model, Selection selection) {}

  public Node node() {
    return root;
  }

  @Override
  public void render(ConsoleFrame frame) {}
}
