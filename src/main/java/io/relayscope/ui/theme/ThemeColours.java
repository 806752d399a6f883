package io.relayscope.ui.timeline;

import java.util.HashMap;
import java.util.Map;
import javafx.scene.layout.Background;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;

/**
 * The theme's semantic colours for Canvas drawing, which cannot use CSS: a hidden region per
 * colour takes {@code -fx-background-color: -rs-…} from the stylesheet, and we read the result. So
 * colours stay defined once, in the CSS, and follow the theme.
 */
final class CssColors {
  private final Pane host = new Pane();
  private final Map<String, Region> probes = new HashMap<>();

  CssColors(String... names) {
    host.setManaged(false);
    host.setVisible(false);
    for (String name : names) {
      var r = new Region();
      r.setStyle("-fx-background-color: " + name + ";");
      probes.put(name, r);
      host.getChildren().add(r);
    }
  }

  /** Add to the scene so the probes get styled. */
  Pane host() {
    return host;
  }

  private final Map<String, Color> resolved = new HashMap<>();

  /** Re-reads every colour from the stylesheet (once per redraw: the theme may have changed). */
  void refresh() {
    for (var e : probes.entrySet()) {
      Region r = e.getValue();
      r.applyCss();
      Background b = r.getBackground();
      Paint p = b == null || b.getFills().isEmpty() ? null : b.getFills().get(0).getFill();
      resolved.put(e.getKey(), p instanceof Color c ? c : Color.GRAY);
    }
  }

  Color get(String name) {
    return resolved.getOrDefault(name, Color.GRAY);
  }
}
