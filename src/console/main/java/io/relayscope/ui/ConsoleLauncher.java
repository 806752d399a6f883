package io.relayscope.ui;

import io.relayscope.core.RelayCore;
import io.relayscope.fleet.console.FleetModel;
import io.relayscope.machines.MachineDefinitions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.application.Application;
import javafx.application.Platform;

/**
 * Starts the console for an already running relay and returns when the window is closed. JavaFX
 * creates the {@link Application} itself, so the relay is passed through here.
 */
public final class ConsoleLauncher {
  /**
   * Views render at this period: 4 frames a second, as tables and charts are read (mzmine samples
   * its task table every 250 ms). At 10 the window's drawing took as much CPU as the relay inside it
   * on a machine without a GPU, for figures nobody reads that fast; a client that stops reading
   * still shows within a second.
   */
  public static final long FRAME_MILLIS = 250;

  private static volatile RelayCore core;
  private static volatile MachineDefinitions definitions;
  private static volatile FleetModel fleet;
  private static volatile String fleetTitle;

  private ConsoleLauncher() {}

  /** Blocks until the window closes. Throws if there is no display. */
  public static void run(RelayCore relay, MachineDefinitions defs) {
    core = relay;
    definitions = defs;
    // JavaFX warns that it runs from the class path, which is how we ship it: not worth a warning.
    QUIET_FX_LOGGER.setLevel(Level.SEVERE);
    running = true;
    Application.launch(ConsoleApp.class);
  }

  /** The console attached to a fleet through NATS, no local relay. Blocks until the window closes. */
  public static void runFleet(FleetModel model, String title) {
    fleet = model;
    fleetTitle = title;
    QUIET_FX_LOGGER.setLevel(Level.SEVERE);
    running = true;
    Application.launch(ConsoleApp.class);
  }

  /** Held so the level setting is not garbage-collected with the logger. */
  private static final Logger QUIET_FX_LOGGER = Logger.getLogger("javafx");
  private static final CountDownLatch STOPPED = new CountDownLatch(1);
  private static volatile boolean running;

  /** Called by the application once its window is gone. */
  static void stopped() {
    STOPPED.countDown();
  }

  /**
   * On a signal (SIGTERM, Ctrl-C) with the console open: closes the window through JavaFX and
   * waits briefly for it, so the toolkit is not torn down under a frame it is painting.
   */
  public static void exitIfRunning() {
    if (!running) return;
    Platform.exit();
    try {
      STOPPED.await(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static RelayCore core() {
    return core;
  }

  static FleetModel fleet() {
    return fleet;
  }

  static String fleetTitle() {
    return fleetTitle;
  }

  static MachineDefinitions definitions() {
    return definitions;
  }
}
