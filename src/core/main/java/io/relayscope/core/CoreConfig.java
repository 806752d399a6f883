package io.relayscope.core;

import io.relayscope.ingest.SocketFile;
import io.relayscope.machines.MachineRegistry;
import io.relayscope.relay.RelayConfig;
import java.io.IOException;
import java.nio.file.Files;
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
    Set<Integer> allowedUids,
    StoreLimits limits) {

  public static final Path DEFAULT_EVENT_SOCKET = Path.of("/tmp/statemachine-events.sock");
  /** 200 KiB: the CLI's {@code 200KB} (sizes are binary throughout: KB = KiB = 1024). */
  public static final int DEFAULT_MAX_EVENT_BYTES = 200 * 1024;

  /**
   * The bounds of the relay's per-event and per-machine stores, in bytes as well as counts.
   *
   * @param handoffBytes bytes of input waiting between ingest and the hub; over it input is rejected (handoff_full)
   * @param maxMachines machines kept in the table; over it the least recently active is evicted
   * @param maxMachineNameBytes longest machine name, state or config type (UTF-8 bytes); longer input is rejected
   * @param machineTableBytes estimated heap the machine table (states and histories) may hold
   */
  public record StoreLimits(long handoffBytes, int maxMachines, int maxMachineNameBytes, long machineTableBytes) {
    public static final long DEFAULT_HANDOFF_BYTES = 32L * 1024 * 1024;
    public static final int DEFAULT_MAX_MACHINES = 10_000;
    public static final int DEFAULT_MAX_MACHINE_NAME_BYTES = 256;
    public static final long DEFAULT_MACHINE_TABLE_BYTES = 64L * 1024 * 1024;

    public StoreLimits {
      if (handoffBytes < 1) throw new IllegalArgumentException("hand-off bytes must be positive");
      if (maxMachines < 1) throw new IllegalArgumentException("max machines must be at least 1");
      if (maxMachineNameBytes < 1) throw new IllegalArgumentException("max machine name must be at least 1 byte");
      if (machineTableBytes < 1) throw new IllegalArgumentException("machine table bytes must be positive");
    }

    public static StoreLimits defaults() {
      return new StoreLimits(DEFAULT_HANDOFF_BYTES, DEFAULT_MAX_MACHINES, DEFAULT_MAX_MACHINE_NAME_BYTES,
          DEFAULT_MACHINE_TABLE_BYTES);
    }
  }

  /** With default {@link StoreLimits}. */
  public CoreConfig(Path eventSocketPath, Set<PosixFilePermission> socketMode, Path engineSocket, Path pipelineDb,
      int maxEventBytes, int handoffCapacity, int journalCapacity, RelayConfig relay, Path journalDir,
      long journalFileBytes, int journalFiles, Set<Integer> allowedUids) {
    this(eventSocketPath, socketMode, engineSocket, pipelineDb, maxEventBytes, handoffCapacity, journalCapacity, relay,
        journalDir, journalFileBytes, journalFiles, allowedUids, StoreLimits.defaults());
  }

  public CoreConfig {
    socketMode = Set.copyOf(socketMode);
    allowedUids = Set.copyOf(allowedUids);
    if (maxEventBytes < 1) throw new IllegalArgumentException("max event bytes must be positive");
    if (handoffCapacity < 1) throw new IllegalArgumentException("hand-off capacity must be positive");
    if (journalCapacity < 1) throw new IllegalArgumentException("journal capacity must be positive");
    if (journalFileBytes < 1) throw new IllegalArgumentException("journal file size must be positive");
    if (journalFiles < 1) throw new IllegalArgumentException("journal files must be at least 1");
    if (limits.handoffBytes() < maxEventBytes) {
      throw new IllegalArgumentException("--handoff-bytes (" + limits.handoffBytes()
          + ") must be at least --max-event-bytes (" + maxEventBytes + ")");
    }
    long entry = MachineRegistry.largestEntryBytes(limits.maxMachineNameBytes());
    if (entry > relay.initialBytesAllowed()) {
      throw new IllegalArgumentException("--client-queue-bytes (" + relay.clientQueueBytes()
          + ") must be at least twice the largest machine entry of initial (" + entry + " bytes with --max-machine-name "
          + limits.maxMachineNameBytes() + ")");
    }
  }

  /** The uid this process runs as: the only peer a stream ingest accepts unless told otherwise. */
  public static Set<Integer> ownUid() {
    try {
      return Set.of((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
  }

  public static final long DEFAULT_JOURNAL_FILE_BYTES = 64L * 1024 * 1024;
  public static final int DEFAULT_JOURNAL_FILES = 8;

  /** Defaults, with no journal on disk ({@code journalDir} null). */
  public static CoreConfig defaults(Path eventSocketPath, RelayConfig relay) {
    return new CoreConfig(eventSocketPath, SocketFile.parseMode("0600"), null, null,
        DEFAULT_MAX_EVENT_BYTES, 1 << 16, 200_000, relay, null, DEFAULT_JOURNAL_FILE_BYTES, DEFAULT_JOURNAL_FILES,
        ownUid());
  }

  public CoreConfig withEngineSocket(Path p) {
    return new CoreConfig(eventSocketPath, socketMode, p, pipelineDb, maxEventBytes, handoffCapacity, journalCapacity, relay,
        journalDir, journalFileBytes, journalFiles, allowedUids, limits);
  }

  public CoreConfig withPipelineDb(Path p) {
    return new CoreConfig(eventSocketPath, socketMode, engineSocket, p, maxEventBytes, handoffCapacity, journalCapacity, relay,
        journalDir, journalFileBytes, journalFiles, allowedUids, limits);
  }

  /** Peers (by uid) a stream ingest accepts. */
  public CoreConfig withAllowedUids(Set<Integer> uids) {
    return new CoreConfig(eventSocketPath, socketMode, engineSocket, pipelineDb, maxEventBytes, handoffCapacity, journalCapacity,
        relay, journalDir, journalFileBytes, journalFiles, uids, limits);
  }

  /** Journal to {@code dir} (null: memory only), rotating files of {@code fileBytes}, keeping {@code files}. */
  public CoreConfig withJournal(Path dir, long fileBytes, int files) {
    return new CoreConfig(eventSocketPath, socketMode, engineSocket, pipelineDb, maxEventBytes, handoffCapacity, journalCapacity,
        relay, dir, fileBytes, files, allowedUids, limits);
  }

  public CoreConfig withLimits(StoreLimits l) {
    return new CoreConfig(eventSocketPath, socketMode, engineSocket, pipelineDb, maxEventBytes, handoffCapacity, journalCapacity,
        relay, journalDir, journalFileBytes, journalFiles, allowedUids, l);
  }
}
