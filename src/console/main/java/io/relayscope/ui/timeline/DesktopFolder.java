package io.relayscope.ui.timeline;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Opens a folder in the desktop's file manager: java.awt.Desktop where it can, else xdg-open
 * (Linux desktops where AWT has no OPEN action). Blocks while the desktop answers: call it off the
 * FX thread.
 */
final class DesktopFolder {
  private DesktopFolder() {}

  static void open(Path dir) {
    try {
      if (!GraphicsEnvironment.isHeadless() && Desktop.isDesktopSupported()
          && Desktop.getDesktop().isSupported(Desktop.Action.OPEN)) {
        Desktop.getDesktop().open(dir.toFile());
        return;
      }
      new ProcessBuilder("xdg-open", dir.toString()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException("no file manager answered (" + e.getMessage() + ")", e);
    }
  }
}
