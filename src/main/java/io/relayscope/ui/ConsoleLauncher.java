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
    Application.launch(ConsoleApp.class);
  }

  static RelayCore core() {
    return core;
  }

  static MachineDefinitions definitions() {
    return definitions;
  }
}
