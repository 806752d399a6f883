package io.relayscope.cli;

import picocli.CommandLine.Option;

/** The relay's memory bounds: the replay ring, the hand-off to the hub, the machine table. */
final class MemoryOptions {
  @Option(names = "--resume-events", order = 17, defaultValue = "10000",
      description = "Events kept for clients that reconnect with ?since=<seq> (default: ${DEFAULT-VALUE}; 0 disables replay).")
  int resumeEvents;

  @Option(names = "--resume-bytes", order = 18, defaultValue = "64MiB", converter = ByteSizeConverter.class,
      description = "Bytes of events kept for ?since= clients; the oldest go first (default: ${DEFAULT-VALUE}; 0 disables replay).")
  long resumeBytes;

  @Option(names = "--handoff-bytes", order = 19, defaultValue = "32MiB", converter = ByteSizeConverter.class,
      description = "Bytes of input waiting for the relay hub; over it input is rejected as handoff_full (default: ${DEFAULT-VALUE}).")
  long handoffBytes;

  @Option(names = "--max-machines", order = 20, defaultValue = "10000",
      description = "Machines kept in the table (and initial); over it the least recently active is evicted (default: ${DEFAULT-VALUE}).")
  int maxMachines;

  @Option(names = "--max-machine-name", order = 21, defaultValue = "256B", converter = ByteSizeConverter.class,
      description = "Longest machine name, state or config type; longer events are rejected as name_too_long (default: ${DEFAULT-VALUE}).")
  long maxMachineName;

  @Option(names = "--machine-table-bytes", order = 22, defaultValue = "64MiB", converter = ByteSizeConverter.class,
      description = "Estimated heap for machine states and histories; over it the least recently active machine is evicted "
          + "(default: ${DEFAULT-VALUE}).")
  long machineTableBytes;
}
