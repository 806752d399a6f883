package io.relayscope.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Sending to each client: its write deadline, what a slow one costs it, its queue caps, its keepalive. */
final class SendOptions {
  @Option(names = "--send-timeout", order = 23, defaultValue = "2s", converter = DurationConverter.class,
      description = "Write deadline per frame; a client with a frame unwritten longer is evicted, its reason saying whether "
          + "it had stopped reading or the relay fell behind (default: ${DEFAULT-VALUE}).")
  Duration sendTimeout;

  @Option(names = "--slow-client", order = 24, defaultValue = "evict", paramLabel = "evict|flag",
      description = "evict: close clients past the deadline with 4008 (evicted); flag: keep them, shown NOT READING, for an operator "
          + "(the byte cap still evicts) (default: ${DEFAULT-VALUE}).")
  String slowClient;

  @Option(names = "--client-queue-bytes", order = 25, defaultValue = "8MiB", converter = ByteSizeConverter.class,
      description = "Hard cap on bytes queued per client; over it the client is evicted (default: ${DEFAULT-VALUE}).")
  long clientQueueBytes;

  @Option(names = "--client-queue-frames", order = 26, defaultValue = "50000",
      description = "Hard cap on frames queued per client (default: ${DEFAULT-VALUE}).")
  int clientQueueFrames;

  @Option(names = "--json-ping-interval", order = 27, defaultValue = "10s", converter = DurationConverter.class,
      description = "Upstream's JSON {\"type\":\"ping\"} message to each client (default: ${DEFAULT-VALUE}; 0 disables).")
  Duration jsonPingInterval;

  @Option(names = "--keepalive-interval", order = 28, defaultValue = "5s", converter = DurationConverter.class,
      description = "RFC 6455 ping to each client, on its own schedule (default: ${DEFAULT-VALUE}).")
  Duration keepaliveInterval;

  @Option(names = "--keepalive-timeout", order = 29, defaultValue = "15s", converter = DurationConverter.class,
      description = "Close a client (4009) that answers no ping for this long (default: ${DEFAULT-VALUE}).")
  Duration keepaliveTimeout;

  @Option(names = "--client-socket-buffer", order = 35, converter = ByteSizeConverter.class, paramLabel = "SIZE",
      description = "Kernel send buffer per client (default: 64KiB; 8KiB with --demo-incident, so the stall shows within seconds).")
  Long clientSocketBuffer;
}
