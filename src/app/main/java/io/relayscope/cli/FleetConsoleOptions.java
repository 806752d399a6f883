package io.relayscope.cli;

import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --fleet}: the console on every node through NATS instead of on a local relay. */
final class FleetConsoleOptions {
  @Option(names = "--fleet", order = 42, paramLabel = "URL", split = ",",
      description = "Open the console on a fleet instead of a local relay: every node publishing to this NATS server "
          + "(nats://[user[:password]@]host:4222; several comma-separated; --nats-password-file, --nats-creds, --nats-nkey "
          + "and --nats-tls-* apply). "
          + "See docs/fleet.md.")
  List<String> fleetServers;

  @Option(names = "--fleet-history", order = 43, defaultValue = "1h", converter = DurationConverter.class,
      description = "With --fleet: how far back the console opens the streams (default: ${DEFAULT-VALUE}).")
  Duration fleetHistory;

  @Option(names = "--fleet-stale-after", order = 44, defaultValue = "5s", converter = DurationConverter.class,
      description = "With --fleet: a node silent for longer is shown as stale, with its age (default: ${DEFAULT-VALUE}).")
  Duration fleetStaleAfter;

  /** Whether {@code --fleet} was given: the console attaches to a fleet and no relay runs here. */
  boolean attaches() {
    return fleetServers != null;
  }
}
