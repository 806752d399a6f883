package io.relayscope.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Who may connect, how many, and what a client may send before it is closed. */
final class AccessOptions {
  @Option(names = "--token", order = 9, paramLabel = "SECRET",
      description = "Clients must present this (?token=, Authorization: Bearer, or a Sec-WebSocket-Protocol value); "
          + "required to listen beyond loopback. Default: $RELAYSCOPE_TOKEN.")
  String token;

  @Option(names = "--allowed-origin", order = 10, paramLabel = "ORIGIN",
      description = "Accept browsers only from this Origin (repeatable); others get 403. Default: any.")
  List<String> allowedOrigins = new ArrayList<>();

  @Option(names = "--max-clients", order = 11, defaultValue = "1024", description = "Connections beyond this get 503 (default: ${DEFAULT-VALUE}).")
  int maxClients;

  @Option(names = "--handshake-timeout", order = 12, defaultValue = "10s", converter = DurationConverter.class,
      description = "Drop connections that complete no handshake in this time (default: ${DEFAULT-VALUE}).")
  Duration handshakeTimeout;

  @Option(names = "--max-inbound-frame", order = 13, defaultValue = "64KiB", converter = ByteSizeConverter.class,
      description = "Largest message a client may send, counted across its continuation frames; bigger closes it "
          + "with 1009 as soon as it is exceeded (default: ${DEFAULT-VALUE}).")
  long maxInboundFrame;

  @Option(names = "--max-request-head", order = 14, defaultValue = "16KiB", converter = ByteSizeConverter.class,
      description = "Largest HTTP request head (request line and headers); bigger gets 431 and is closed "
          + "(default: ${DEFAULT-VALUE}).")
  long maxRequestHead;

  @Option(names = "--listen-backlog", order = 15, defaultValue = "1024",
      description = "Connections the kernel may queue before the relay accepts them (capped by net.core.somaxconn) "
          + "(default: ${DEFAULT-VALUE}).")
  int listenBacklog;

  @Option(names = "--inbound-rate", order = 16, defaultValue = "100",
      description = "Messages per second a client may send; a flood closes it with 1008 (default: ${DEFAULT-VALUE}).")
  int inboundRate;
}
