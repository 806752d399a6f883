package io.relayscope.ui.frame;

/** A view that renders sampled frames. Called on the FX thread, at most a few times a second. */
public interface FrameView {
  void render(ConsoleFrame frame);
}
