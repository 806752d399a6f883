package io.relayscope.ui.diagram;

import java.util.EnumMap;
import java.util.Map;
import javafx.geometry.Bounds;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.text.Text;

/**
 * Measures diagram texts in the fonts the stylesheet gives them. One invisible probe per role
 * carries the same style class as the drawn text and sits in the view's scene graph, so the
 * theme's CSS applies to it. FX thread only.
 */
final class FxTextMeasure implements TextMeasure {
  /** Kept between a text and its box edge so a rounding difference never turns into an ellipsis. */
  private static final double SLACK = 2;

  private final Group host = new Group();
  private final Map<Role, Label> probes = new EnumMap<>(Role.class);
  private final Text scratch = new Text();

  FxTextMeasure() {
    probes.put(Role.STATE, probe(DiagramStyles.STATE));
    probes.put(Role.GROUP, probe(DiagramStyles.GROUP_LABEL));
    probes.put(Role.EDGE, probe(DiagramStyles.EDGE_LABEL));
    probes.put(Role.MARKER, probe(DiagramStyles.MARKER));
    host.getChildren().addAll(probes.values());
    host.setManaged(false);
    host.setMouseTransparent(true);
    host.setOpacity(0);
  }

  private static Label probe(String styleClass) {
    Label l = new Label();
    l.getStyleClass().add(styleClass);
    return l;
  }

  /** Add this to the view so the probes pick up the scene's stylesheets. */
  Node host() {
    return host;
  }

  /** Before a batch of measurements: the theme or stylesheet may have changed since the last. */
  void refreshStyles() {
    host.applyCss();
  }

  @Override
  public Size measure(Role role, String text) {
    scratch.setFont(probes.get(role).getFont());
    scratch.setText(text);
    Bounds b = scratch.getLayoutBounds();
    // Height gets slack too: a label a hair short clips its text, and descenders go first
    // ("sdxl_job_done_relay" read "relav").
    return new Size(Math.ceil(b.getWidth()) + SLACK, Math.ceil(b.getHeight()) + SLACK);
  }
}
