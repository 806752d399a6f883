package io.relayscope.metrics;

/**
 * What the relay reports of its event socket. {@code bound}: the path is the socket the relay bound
 * and receives on; otherwise {@code problem} says what is wrong.
 */
public record IngestStatus(String eventSocketPath, boolean bound, long received, long handoffFull, String problem) {}
