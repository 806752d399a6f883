package io.relayscope.ui.theme;

import java.util.EnumMap;
import java.util.Map;
import javafx.scene.layout.Background;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;

/**
 * The theme's looked-up colours as the scene resolves them, for drawing that cannot use CSS (a
 * canvas): a hidden region per colour takes {@code -fx-background-color: -rs-…} from the
 * stylesheets, and its background is read back. So colours stay defined once, in the CSS, and
 * follow the theme.
 */
public final class ThemeColours {
  /** Drawn where a colour did not resolve (the host not in a scene yet): visible, and no theme's colour. */
  private static final Color UNRESOLVED = Color.GRAY;

  private final Pane host = new Pane();
  private final Map<ThemeColour, Region> probes = new EnumMap<>(ThemeColour.class);
  private final Map<ThemeColour, Color> resolved = new EnumMap<>(ThemeColour.class);

  public ThemeColours() {
    host.setManaged(false);
    host.setVisible(false);
    for (ThemeColour c : ThemeColour.values()) {
      var r = new Region();
      r.setStyle("-fx-background-color: " + c.lookup() + ";");
      probes.put(c, r);
      host.getChildren().add(r);
    }
  }

  /** Add to the scene so the probes get styled. */
  public Pane host() {
    return host;
  }

  /** Re-reads every colour from the stylesheets (once per redraw: the theme may have changed). */
  public void refresh() {
    for (var e : probes.entrySet()) {
      Region r = e.getValue();
      r.applyCss();
      Background b = r.getBackground();
      Paint p = b == null || b.getFills().isEmpty() ? null : b.getFills().get(0).getFill();
      resolved.put(e.getKey(), p instanceof Color c ? c : UNRESOLVED);
    }
  }

  /** The colour as last read; {@link #refresh()} first. */
  public Color get(ThemeColour colour) {
    return resolved.getOrDefault(colour, UNRESOLVED);
  }

  /** Whether {@code colour} resolved from the stylesheets at the last refresh. */
  public boolean resolved(ThemeColour colour) {
    return resolved.get(colour) != null && resolved.get(colour) != UNRESOLVED;
  }
}
