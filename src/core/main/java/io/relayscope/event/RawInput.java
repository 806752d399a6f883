package io.relayscope.event;

/**
 * One unit of input as it left the socket: a datagram or one NDJSON line, stamped by the ingest
 * thread and not yet parsed. {@code size} is what the socket reported; when {@code tooLarge} is set,
 * {@code bytes} holds only a preview.
 */
public record RawInput(
    String source, long ingestCount, long receivedAtNanos, long receivedAtMillis, byte[] bytes, int size, boolean tooLarge) {}
