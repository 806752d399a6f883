package io.relayscope.ui;

import java.util.List;
import java.util.prefs.Preferences;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * Where the console's window goes: where the operator left it if that is still on a screen, else
 * 1440x900 or the screen's usable area if smaller (a 1280x720 laptop), centred. Saved on close.
 */
public final class WindowPlacement {
  static final double DEFAULT_WIDTH = 1440;
  static final double DEFAULT_HEIGHT = 900;
  static final double MIN_WIDTH = 960;
  static final double MIN_HEIGHT = 600;

  private final Preferences prefs;

  public WindowPlacement(Preferences prefs) {
    this.prefs = prefs;
  }

  /** The console's preferences for this user: the window's place, the operator's column choice. */
  public static Preferences userPreferences() {
    return Preferences.userRoot().node("io/relayscope/console");
  }

  /** Sizes and places {@code stage} before it is shown. */
  public void restore(Stage stage) {
    Rectangle2D saved = null;
    if (prefs.getDouble("width", -1) > 0) {
      saved = new Rectangle2D(prefs.getDouble("x", 0), prefs.getDouble("y", 0), prefs.getDouble("width", DEFAULT_WIDTH),
          prefs.getDouble("height", DEFAULT_HEIGHT));
    }
    var screens = Screen.getScreens().stream().map(Screen::getVisualBounds).toList();
    Rectangle2D r = place(saved, screens, Screen.getPrimary().getVisualBounds());
    stage.setMinWidth(Math.min(MIN_WIDTH, r.getWidth()));
    stage.setMinHeight(Math.min(MIN_HEIGHT, r.getHeight()));
    stage.setX(r.getMinX());
    stage.setY(r.getMinY());
    stage.setWidth(r.getWidth());
    stage.setHeight(r.getHeight());
    stage.setMaximized(prefs.getBoolean("maximized", false));
  }

  /** Remembers the window's place for the next start. */
  public void save(Stage stage) {
    prefs.putBoolean("maximized", stage.isMaximized());
    if (!stage.isMaximized()) {
      prefs.putDouble("x", stage.getX());
      prefs.putDouble("y", stage.getY());
      prefs.putDouble("width", stage.getWidth());
      prefs.putDouble("height", stage.getHeight());
    }
    try {
      prefs.flush();
    } catch (java.util.prefs.BackingStoreException e) {
      // not remembered: the next start fits the screen again
    }
  }

  /**
   * The saved rectangle if it lies wholly on one screen's usable area; else the default size, cut
   * to the primary screen's usable area, centred on it.
   */
  static Rectangle2D place(Rectangle2D saved, List<Rectangle2D> screens, Rectangle2D primary) {
    if (saved != null && saved.getWidth() >= 200 && saved.getHeight() >= 200) {
      for (Rectangle2D s : screens) {
        if (s.contains(saved)) return saved;
      }
    }
    double w = Math.min(DEFAULT_WIDTH, primary.getWidth());
    double h = Math.min(DEFAULT_HEIGHT, primary.getHeight());
    return new Rectangle2D(primary.getMinX() + (primary.getWidth() - w) / 2, primary.getMinY() + (primary.getHeight() - h) / 2, w, h);
  }
}
