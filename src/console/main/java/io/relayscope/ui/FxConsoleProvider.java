package io.relayscope.ui;

import io.relayscope.console.ConsoleProvider;
import io.relayscope.core.RelayCore;
import io.relayscope.fleet.console.FleetModel;
import io.relayscope.machines.MachineDefinitions;

/** The JavaFX console, as the command line finds it (META-INF/services): {@link ConsoleLauncher}. */
public final class FxConsoleProvider implements ConsoleProvider {
  @Override
  public void run(RelayCore relay, MachineDefinitions definitions) {
    ConsoleLauncher.run(relay, definitions);
  }

  @Override
  public void runFleet(FleetModel model, String title) {
    ConsoleLauncher.runFleet(model, title);
  }

  @Override
  public void exitIfRunning() {
    ConsoleLauncher.exitIfRunning();
  }
}
