package io.relayscope.core;

import io.relayscope.relay.RelayConfig;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Everything needed to run the relay core. {@code engineSocket} and {@code pipelineDb} may be null. */
public record CoreConfig(
    Path eventSocketPath,
    Set<PosixFilePermission> socketMode,
    Path engineSocket,
    Path pipelineDb,
    int maxEventBytes,
    int handoffCapacity,
    int journalCapacity,
    RelayConfig relay) {

  public static final Path DEFAULT_EVENT_SOCKET = Path.of("/tmp/statemachine-events.sock");
  public static final int DEFAULT_MAX_EVENT_BYTES = 200 * 1024;

  public CoreConfig {
    socketMode = Set.copyOf(socketMode);
  }

  public static CoreConfig defaults(Path eventSocketPath, RelayConfig relay) {
    return new CoreConfig(eventSocketPath, io.relayscope.ingest.SocketFile.parseMode("0600"), null, null,
        DEFAULT_MAX_EVENT_BYTES, 1 << 16, 200_000, relay);
  }

  public CoreConfig withEngineSocket(Path p) {
    return new CoreConfig(eventSocketPath, socketMode, p, pipelineDb, maxEventBytes, handoffCapacity, journalCapacity, relay);
  }

  public CoreConfig withPipelineDb(Path p) {
    return new CoreConfig(eventSocketPath, socketMode, engineSocket, p, maxEventBytes, handoffCapacity, journalCapacity, relay);
  }
}
