package io.relayscope.console;

import io.relayscope.core.RelayCore;
import io.relayscope.fleet.console.FleetModel;
import io.relayscope.machines.MachineDefinitions;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The operator console as the command line sees it: what {@code relayscope} needs to open the window
 * on a running relay or on a fleet, and to close it on a signal. The JavaFX console (module
 * relayscope-console, package ui) provides it through {@link ServiceLoader}; the command line never
 * compiles against JavaFX, and a build without the console still runs {@code --headless}.
 */
public interface ConsoleProvider {
  /** Opens the console on an already running relay; blocks until the window closes. Throws if there is no display. */
  void run(RelayCore relay, MachineDefinitions definitions);

  /** Opens the console attached to a fleet through NATS, no local relay; blocks until the window closes. */
  void runFleet(FleetModel model, String title);

  /** On a signal with the console open: closes the window and waits briefly for it; nothing if it is not open. */
  void exitIfRunning();

  /** The console on the class path, if this package has one. */
  static Optional<ConsoleProvider> find() {
    return ServiceLoader.load(ConsoleProvider.class).findFirst();
  }
}
