package io.relayscope.ui;

import io.relayscope.core.RelayCore;
import io.relayscope.machines.MachineDefinitions;
import javafx.application.Application;

/**
 * Starts the console for an already running relay and returns when the window is closed. JavaFX
 * creates the {@link Application} itself, so the relay is passed through here.
 */
public final class ConsoleLauncher {
  /** Views render at this period: 10 frames a second. */
  public static final long FRAME_MILLIS = 100;

  private static volatile RelayCore core;
  private static volatile MachineDefinitions definitions;

  private ConsoleLauncher() {}

  /** Blocks until the window closes. Throws if there is no display. */
  public static void run(RelayCore relay, MachineDefinitions defs) {
    core = relay;
    definitions = defs;
    // JavaFX warns that it runs from the class path, which is how we ship it; say it once, not as a warning.
    QUIET_FX_LOGGER.setLevel(java.util.logging.Level.SEVERE);
    Application.launch(ConsoleApp.class);
  }

  /** Held so the level setting is not garbage-collected with the logger. */
  private static final java.util.logging.Logger QUIET_FX_LOGGER =
      java.util.logging.Logger.getLogger("com.sun.javafx.application.PlatformImpl");

  static RelayCore core() {
    return core;
  }

  static MachineDefinitions definitions() {
    return definitions;
  }
}
