package io.relayscope.cli;

import picocli.CommandLine.Mixin;

/**
 * Every option of the relay command, by topic; {@link ConfigFromOptions} checks them. Each option's
 * {@code order} is its place in {@code --help}, which is older than these groups and stays as it was.
 */
final class RelayOptions {
  @Mixin RunOptions run;
  @Mixin ListenOptions listen;
  @Mixin IngestOptions ingest;
  @Mixin AccessOptions access;
  @Mixin MemoryOptions memory;
  @Mixin SendOptions send;
  @Mixin DemoOptions demo;
  @Mixin JournalOptions journal;
  @Mixin FleetConsoleOptions fleetConsole;
  @Mixin NatsOptions nats;
}
