package io.relayscope.ui.theme;

import javafx.scene.Scene;

/** Light and dark themes: one stylesheet defines the semantic colours, the dark one overrides them. */
public enum Theme {
  LIGHT,
  DARK;

  private static final String BASE = Theme.class.getResource("/io/relayscope/ui/relayscope.css").toExternalForm();
  private static final String DARK_CSS = Theme.class.getResource("/io/relayscope/ui/relayscope-dark.css").toExternalForm();

  public void apply(Scene scene) {
    scene.getStylesheets().removeAll(BASE, DARK_CSS);
    scene.getStylesheets().add(BASE);
    if (this == DARK) scene.getStylesheets().add(DARK_CSS);
  }

  public Theme other() {
    return this == LIGHT ? DARK : LIGHT;
  }
}
