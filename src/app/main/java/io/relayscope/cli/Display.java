package io.relayscope.cli;

/** Whether the console can open here. */
final class Display {
  private Display() {}

  /** JavaFX needs an X11 or Wayland display (or Monocle, which tests select by property). */
  static boolean available() {
    return System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null
        || "Monocle".equals(System.getProperty("glass.platform"));
  }
}
