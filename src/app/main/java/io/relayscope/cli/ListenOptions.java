package io.relayscope.cli;

import picocli.CommandLine.Option;

/** Where the relay listens for WebSocket and HTTP clients. */
final class ListenOptions {
  @Option(names = "--host", order = 2, defaultValue = "127.0.0.1", description = "WebSocket/HTTP bind address (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", order = 3, defaultValue = "3002", description = "WebSocket/HTTP port (default: ${DEFAULT-VALUE}).")
  int port;
}
