package io.relayscope.ui;

import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * Where the console's window goes: where the operator left it if that still suits a screen (wholly
 * on it, on a screen of the size it was left on, not too small for it), else 1440x900 (times the
 * screen's scale on a 4K-class screen) or the screen's usable area if smaller (a 1280x720 laptop),
 * centred. Saved on close, with the size of the screen it was on.
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
    Rectangle2D savedScreen = prefs.getDouble("screen-width", -1) > 0
        ? new Rectangle2D(0, 0, prefs.getDouble("screen-width", 0), prefs.getDouble("screen-height", 0)) : null;
    var screens = Screen.getScreens().stream().map(Screen::getVisualBounds).toList();
    Rectangle2D r = place(saved, savedScreen, screens, Screen.getPrimary().getVisualBounds());
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
      // The screen it suits: on another one (a 4K monitor, a laptop) the next start fits that instead.
      Screen.getScreensForRectangle(stage.getX(), stage.getY(), Math.max(1, stage.getWidth()), Math.max(1, stage.getHeight()))
          .stream().findFirst().map(Screen::getVisualBounds).ifPresent(b -> {
            prefs.putDouble("screen-width", b.getWidth());
            prefs.putDouble("screen-height", b.getHeight());
          });
    }
    try {
      prefs.flush();
    } catch (BackingStoreException e) {
      // not remembered: the next start fits the screen again
    }
  }

  /** {@link #place(Rectangle2D, Rectangle2D, List, Rectangle2D)} for a place saved without its screen's size. */
  static Rectangle2D place(Rectangle2D saved, List<Rectangle2D> screens, Rectangle2D primary) {
    return place(saved, null, screens, primary);
  }

  /**
   * The saved rectangle if it suits a screen; else the default size (scaled on a 4K-class screen),
   * cut to the primary screen's usable area, centred on it. {@code savedScreen}: the size of the
   * screen it was saved on, or null if not known.
   */
  static Rectangle2D place(Rectangle2D saved, Rectangle2D savedScreen, List<Rectangle2D> screens, Rectangle2D primary) {
    if (saved != null) {
      for (Rectangle2D s : screens) {
        if (suits(saved, savedScreen, s)) return saved;
      }
    }
    double scale = ScaledRoot.scaleFor(primary.getWidth());
    double w = Math.min(DEFAULT_WIDTH * scale, primary.getWidth());
    double h = Math.min(DEFAULT_HEIGHT * scale, primary.getHeight());
    return new Rectangle2D(primary.getMinX() + (primary.getWidth() - w) / 2, primary.getMinY() + (primary.getHeight() - h) / 2, w, h);
  }

  /**
   * Wholly on {@code screen}, left on a screen of its size (when known), and at least the smallest
   * usable window there (scaled on a 4K-class screen, where 1440x900 pixels is a postage stamp).
   */
  static boolean suits(Rectangle2D saved, Rectangle2D savedScreen, Rectangle2D screen) {
    if (!screen.contains(saved)) return false;
    if (savedScreen != null && (Math.abs(savedScreen.getWidth() - screen.getWidth()) > 1
        || Math.abs(savedScreen.getHeight() - screen.getHeight()) > 1)) return false;
    double scale = ScaledRoot.scaleFor(screen.getWidth());
    return saved.getWidth() >= Math.min(MIN_WIDTH * scale, screen.getWidth())
        && saved.getHeight() >= Math.min(MIN_HEIGHT * scale, screen.getHeight());
  }
}
