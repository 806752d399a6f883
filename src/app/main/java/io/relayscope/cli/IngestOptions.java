package io.relayscope.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where events come in: the datagram socket, an engine's stream socket, upstream's database for the first snapshot. */
final class IngestOptions {
  @Option(names = "--event-socket-path", order = 4, defaultValue = "/tmp/statemachine-events.sock",
      description = "Unix datagram socket engines send events to (default: ${DEFAULT-VALUE}).")
  Path eventSocketPath;

  @Option(names = "--socket-mode", order = 5, defaultValue = "0600", description = "Event socket file mode, octal (default: ${DEFAULT-VALUE}; 0660 for a group).")
  String socketMode;

  @Option(names = "--engine-socket", order = 6, paramLabel = "PATH",
      description = "Also read newline-delimited JSON from an engine's Unix stream socket, reconnecting with backoff.")
  Path engineSocket;

  @Option(names = "--allowed-uid", order = 7, paramLabel = "UID",
      description = "With --engine-socket: accept an engine running as this uid (repeatable). Default: the relay's own uid.")
  List<Integer> allowedUids = new ArrayList<>();

  @Option(names = "--pipeline-db", order = 8, paramLabel = "PATH",
      description = "Seed the initial snapshot from upstream's SQLite machine_state table (read-only).")
  Path pipelineDb;

  @Option(names = "--max-event-bytes", order = 30, defaultValue = "200KB", converter = ByteSizeConverter.class,
      description = "Largest event accepted whole; larger ones are rejected, never cut (default: ${DEFAULT-VALUE}).")
  long maxEventBytes;
}
