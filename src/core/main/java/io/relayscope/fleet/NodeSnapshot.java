package io.relayscope.fleet;

import io.relayscope.metrics.RelaySnapshot;

/**
 * What a node publishes on {@code relayscope.facts.<node>.snapshot} about once a second: the relay's
 * own snapshot (relay figures, every client with its figures, recently closed clients), as Jackson
 * writes the records. {@code run} is the relay run id (as in the events' {@code Relayscope-Run}).
 */
public record NodeSnapshot(String node, String run, RelaySnapshot snapshot) {}
