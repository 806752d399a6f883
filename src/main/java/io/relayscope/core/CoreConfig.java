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
    RelayConfig relay,
    Path journalDir,
    long journalFileBytes,
    int journalFiles,
    java.util.Set<Integer> allowedUids) {

  public static final Path DEFAULT_EVENT_SOCKET = Path.of("/tmp/statemachine-events.sock");
  public static final int DEFAULT_MAX_EVENT_BYTES = 200 * 1024;

  public CoreConfig {
    socketMode = Set.copyOf(socketMode);
    allowedUids = Set.copyOf(allowedUids);
  }

  /** The uid this process runs as: the only peer a stream ingest accepts unless told otherwise. */
  public static Set<Integer> ownUid() {
    try {
      return Set.of((Integer) java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (java.io.IOException | RuntimeException e) {
      return Set.of();
    }
  }

  public static final long DEFAULT_JOURNAL_FILE_BYTES = 64L * 1024 * 1024;
  public static final int DEFAULT_JOURNAL_FILES = 8;

  /** Defaults, with no journal on disk ({@code journalDir} null). */
  public static CoreConfig defaults(Path eventSocketPath, RelayConfig relay) {
    return new CoreConfig(eventSocketPath, io.relayscope.ingest.SocketFile.parseMode("0600"), null, null,
        DEFAULT_MAX_EVENT_BYTES, 1 << 16, 200_000, relay, null, DEFAULT_JOURNAL_FILE_BYTES, DEFAULT_JOURNAL_FILES,
        ownUid());
  }

  public CoreConfig withEngineSocket(Path p) {
    return new CoreConfig(eventSocketPath, socketMode, p, pipelineDb, maxEventBytes, handoffCapacity, journalCapacity, relay,
        journalDir, journalFileBytes, journalFiles, allowedUids);
  }

  public CoreConfig withPipelineDb(Path p) {
    return new CoreConfig(eventSocketPath, socketMode, engineSocket, p, maxEventBytes, handoffCapacity, journalCapacity, relay,
        journalDir, journalFileBytes, journalFiles, allowedUids);
  }

  /** Peers (by uid) a stream ingest accepts. */
  public CoreConfig withAllowedUids(Set<Integer> uids) {
    return new CoreConfig(eventSocketPath, socketMode, engineSocket, pipelineDb, maxEventBytes, handoffCapacity, journalCapacity,
        relay, journalDir, journalFileBytes, journalFiles, uids);
  }

  /** Journal to {@code dir} (null: memory only), rotating files of {@code fileBytes}, keeping {@code files}. */
  public CoreConfig withJournal(Path dir, long fileBytes, int files) {
    return new CoreConfig(eventSocketPath, socketMode, engineSocket, pipelineDb, maxEventBytes, handoffCapacity, journalCapacity,
        relay, dir, fileBytes, files, allowedUids);
  }
}
