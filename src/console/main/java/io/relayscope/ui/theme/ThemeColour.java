package io.relayscope.ui.theme;

/**
 * The theme's looked-up colours that Java code draws with (a canvas cannot use CSS), by their names
 * in relayscope.css, which defines each for the light theme and relayscope-dark.css for the dark one.
 * The values live only there: {@link ThemeColours} reads them from the scene's stylesheets.
 */
public enum ThemeColour {
  BG("-rs-bg"),
  PANEL("-rs-panel"),
  FG("-rs-fg"),
  MUTED("-rs-muted"),
  BORDER("-rs-border"),
  ACCENT("-rs-accent"),
  OK("-rs-ok"),
  LAGGING("-rs-lagging"),
  LAGGING_BG("-rs-lagging-bg"),
  NOT_READING("-rs-not-reading"),
  NOT_READING_BG("-rs-not-reading-bg"),
  CLOSING("-rs-closing"),
  ERROR("-rs-error"),
  EDGE_LIVE("-rs-edge-live");

  private final String lookup;

  ThemeColour(String lookup) {
    this.lookup = lookup;
  }

  /** The looked-up colour's name, usable as a CSS value ({@code -fx-fill: -rs-accent}). */
  public String lookup() {
    return lookup;
  }
}
