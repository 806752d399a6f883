package io.relayscope.ui.diagram;

import java.util.HashMap;
import java.util.Map;
import javafx.animation.FadeTransition;
import javafx.animation.Interpolator;
import javafx.animation.PauseTransition;
import javafx.animation.SequentialTransition;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.util.Duration;

/**
 * Lights an edge when its transition happens: a lit copy over the edge that holds briefly, then
 * fades out, about two seconds in all. A new transition on the same edge restarts its light.
 */
final class EdgeFlash {
  static final Duration HOLD = Duration.millis(400);
  static final Duration FADE = Duration.millis(1600);

  private final Group layer;
  private final Map<String, SequentialTransition> playing = new HashMap<>();

  EdgeFlash(Group layer) {
    this.layer = layer;
  }

  void play(String edgeId, Node lit) {
    SequentialTransition old = playing.remove(edgeId);
    if (old != null) {
      old.stop();
      layer.getChildren().remove(old.getNode());
    }
    lit.setId("flash-" + edgeId);
    layer.getChildren().add(lit);
    var fade = new FadeTransition(FADE, lit);
    fade.setFromValue(1);
    fade.setToValue(0);
    fade.setInterpolator(Interpolator.EASE_IN);
    var run = new SequentialTransition(lit, new PauseTransition(HOLD), fade);
    run.setOnFinished(e -> {
      layer.getChildren().remove(lit);
      playing.remove(edgeId, run);
    });
    playing.put(edgeId, run);
    run.play();
  }
}
