package io.relayscope.cli;

import io.relayscope.console.ConsoleProvider;
import io.relayscope.core.CoreConfig;
import io.relayscope.core.RelayCore;
import io.relayscope.demo.Demo;
import io.relayscope.event.EventTap;
import io.relayscope.fleet.FleetNode;
import io.relayscope.fleet.FleetOptions;
import io.relayscope.fleet.publish.EventBuffer;
import io.relayscope.ingest.IngestException;
import io.relayscope.machines.MachineDefinitions;
import io.relayscope.relay.RelayStartException;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One run of the relay: the core, its fleet node and the demo if asked, then the console or the
 * headless loop; and their shutdown, on a signal, at {@code --run-for}'s end or when the window
 * closes. What cannot start is one line on stderr and exit code 1.
 */
final class RelayRun {
  private final CoreConfig config;
  private final FleetOptions fleet;
  private final RunOptions run;
  private final DemoOptions demo;
  private final ConsoleProvider console;
  private final PrintWriter out;
  private final PrintWriter err;

  /** {@code fleet}: null without {@code --nats}; {@code console}: null with {@code --headless}. */
  RelayRun(CoreConfig config, FleetOptions fleet, RunOptions run, DemoOptions demo, ConsoleProvider console, PrintWriter out,
      PrintWriter err) {
    this.config = config;
    this.fleet = fleet;
    this.run = run;
    this.demo = demo;
    this.console = console;
    this.out = out;
    this.err = err;
  }

  /** What runs, closed in reverse order of starting. */
  private record Running(RelayCore core, FleetNode fleetNode, Demo demo) {
    void close() {
      closeQuietly(demo);
      closeQuietly(fleetNode);
      core.close(); // before the toolkit goes: clients get 1001 and the socket file goes, whatever it does
    }
  }

  /** Runs until the window closes, {@code --run-for} ends or the process is stopped; returns the exit code. */
  int execute() throws InterruptedException {
    MachineDefinitions definitions = null;
    if (!run.headless) {
      if (!Display.available()) {
        err.println("relayscope: no display to open the console on (DISPLAY is not set); use --headless");
        return 1;
      }
      try {
        definitions = MachineDefinitions.load(run.machinesDir);
      } catch (IOException e) {
        err.println("relayscope: cannot read --machines: " + e.getMessage());
        return 1;
      }
    }
    Running running = start();
    if (running == null) return 1;
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      if (!run.headless) console.exitIfRunning();
      stopped.countDown();
    }, "relay-shutdown"));
    out.printf("Relayscope: events from %s -> %s (health: http://%s:%d/health)%n",
        config.eventSocketPath(), running.core().endpoint(), config.relay().host(), running.core().port());
    out.flush();
    if (!run.headless) {
      try {
        console.run(running.core(), definitions); // returns when the window closes
      } finally {
        running.close();
      }
      return 0;
    }
    printStatusEvery(running.core());
    if (run.runFor != null) {
      if (!stopped.await(run.runFor.toMillis(), TimeUnit.MILLISECONDS)) {
        running.close();
        out.println("Relayscope: stopped after " + run.runFor.toSeconds() + " s (--run-for)");
      }
      return 0;
    }
    stopped.await();
    return 0;
  }

  /** The core, then the fleet node and the demo; null, with the reason on stderr, if one could not start. */
  private Running start() throws InterruptedException {
    // --nats: the buffer takes events from the socket's bind on, before the link is up (fleetdata)
    EventBuffer fleetBuffer = fleet == null ? null : FleetNode.buffer(fleet);
    RelayCore core;
    try {
      core = RelayCore.start(config, fleetBuffer == null ? EventTap.NONE : fleetBuffer);
    } catch (IngestException | RelayStartException e) {
      err.println("relayscope: " + e.getMessage());
      return null;
    } catch (SQLException e) {
      err.println("relayscope: cannot read --pipeline-db: " + e.getMessage());
      return null;
    } catch (IOException e) {
      err.println("relayscope: " + e.getMessage() + " (--journal-dir, or --no-journal)");
      return null;
    }
    FleetNode fleetNode = null;
    if (fleet != null) {
      try {
        fleetNode = FleetNode.start(core, fleet, fleetBuffer);
      } catch (IOException e) {
        core.close();
        err.println("relayscope: " + e.getMessage());
        return null;
      }
    }
    Demo demoRun = null;
    if (demo.runs()) {
      try {
        demoRun = Demo.start(core, demo.demoIncident, 5000, demo.demoSpeed);
      } catch (IOException e) {
        core.close();
        err.println("relayscope: cannot start the demo: " + e.getMessage());
        return null;
      }
    }
    return new Running(core, fleetNode, demoRun);
  }

  /** The headless one-line status, every {@code --status-interval} unless 0. */
  private void printStatusEvery(RelayCore core) {
    if (run.statusInterval.isZero()) return;
    var status = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "relay-status");
      t.setDaemon(true);
      return t;
    });
    long ms = run.statusInterval.toMillis();
    status.scheduleAtFixedRate(() -> {
      out.println(StatusLine.of(core.snapshot()));
      out.flush();
    }, ms, ms, TimeUnit.MILLISECONDS);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) return;
    try {
      c.close();
    } catch (Exception e) {
      // shutting down anyway
    }
  }
}
