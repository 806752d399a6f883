package io.relayscope.metrics;

/** What the relay reports of its event socket. */
public record IngestStatus(String eventSocketPath, boolean bound, long received, long handoffFull) {}
