package io.relayscope.cli;

import io.nats.client.Options;
import io.relayscope.console.ConsoleProvider;
import io.relayscope.fleet.NatsAccess;
import io.relayscope.fleet.NatsLink;
import io.relayscope.fleet.console.FleetModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * {@code relayscope --fleet URL}: the console attached to every node through NATS, with no local
 * relay. The first connection is made before the window opens, so a wrong URL or password fails
 * on the command line with one line.
 */
final class FleetConsole {
  private FleetConsole() {}

  /** What the console attaches to: the servers (without user info), how to log in, how far back, when a node is stale. */
  record Target(List<String> servers, NatsAccess access, Duration history, Duration staleAfter) {}

  /** Returns the exit code: 0 when the window closed, 1 without a display or when NATS could not be reached. */
  static int run(Target target, ConsoleProvider console, PrintWriter out, PrintWriter err) throws IOException {
    if (!Display.available()) {
      err.println("relayscope: no display to open the console on (DISPLAY is not set)");
      return 1;
    }
    List<String> servers = target.servers();
    NatsAccess access = target.access();
    Duration history = target.history();
    FleetModel model;
    String where = String.join(",", servers); // without user info (NatsUrls): nothing to hide
    try {
      model = FleetModel.attach(access.apply(new Options.Builder()).servers(servers.toArray(String[]::new)).connectionName("relayscope console"),
          history, target.staleAfter());
    } catch (IOException e) {
      err.println("relayscope: cannot attach to the fleet at " + where + ": " + NatsLink.whyNot(e, servers, access));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      model.close();
      console.exitIfRunning();
    }, "fleet-console-shutdown"));
    out.printf("Relayscope: console attached to the fleet at %s (the last %d min)%n", where, history.toMinutes());
    out.flush();
    try {
      console.runFleet(model, where);
    } finally {
      model.close();
    }
    return 0;
  }
}
