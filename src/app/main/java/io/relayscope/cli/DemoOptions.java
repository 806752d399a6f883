package io.relayscope.cli;

import picocli.CommandLine.Option;

/** The simulated pipeline and its readers, and the October incident on demand. */
final class DemoOptions {
  @Option(names = "--demo", order = 32, description = "Run a simulated face_processor pipeline and three WebSocket readers against this relay.")
  boolean demo;

  @Option(names = "--demo-incident", order = 33,
      description = "With the demo, add a client that stops reading after a few seconds (the October 2025 incident). Implies --demo.")
  boolean demoIncident;

  @Option(names = "--demo-speed", order = 34, defaultValue = "1", hidden = true, description = "Scale the demo pipeline's timings.")
  double demoSpeed;

  /** Whether the demo runs: {@code --demo-incident} implies it. */
  boolean runs() {
    return demo || demoIncident;
  }
}
