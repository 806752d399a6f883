package io.relayscope.ui;

import io.relayscope.core.RelayCore;
import io.relayscope.machines.MachineDefinitions;
import io.relayscope.ui.fleet.FleetWindow;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The JavaFX application. The relay is started before the toolkit (so a bad socket or port fails
 * on the command line, not in a window) and handed over through {@link ConsoleLauncher}.
 */
public final class ConsoleApp extends Application {
  private ConsoleWindow window;
  private FleetWindow fleetWindow;

  @Override
  public void start(Stage stage) {
    if (ConsoleLauncher.fleet() != null) {
      fleetWindow = new FleetWindow(ConsoleLauncher.fleet(), ConsoleLauncher.fleetTitle(), ConsoleLauncher.FRAME_MILLIS,
          WindowPlacement.userPreferences());
      fleetWindow.show(stage, Platform::exit);
      return;
    }
    RelayCore core = ConsoleLauncher.core();
    MachineDefinitions definitions = ConsoleLauncher.definitions();
    window = new ConsoleWindow(new ConsoleModel(core, definitions, ConsoleLauncher.FRAME_MILLIS));
    window.show(stage, Platform::exit);
  }

  @Override
  public void stop() {
    if (window != null) window.close();
    if (fleetWindow != null) fleetWindow.close();
    ConsoleLauncher.stopped();
  }
}
