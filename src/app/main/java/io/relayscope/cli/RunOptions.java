package io.relayscope.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How this process runs: the console or headless, for how long, and what it prints meanwhile. */
final class RunOptions {
  @Option(names = "--headless", order = 1, description = "Run without a display (the relay only).")
  boolean headless;

  @Option(names = "--machines", order = 31, paramLabel = "DIR",
      description = "More machine definitions (upstream YAML, one file per config type) for the console's diagrams.")
  Path machinesDir;

  @Option(names = "--run-for", order = 40, converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Headless: shut down cleanly (exit 0) after this long. For smoke tests and demos.")
  Duration runFor;

  @Option(names = "--status-interval", order = 41, defaultValue = "30s", converter = DurationConverter.class,
      description = "How often the headless relay prints a one-line status (default: ${DEFAULT-VALUE}; 0 disables).")
  Duration statusInterval;
}
