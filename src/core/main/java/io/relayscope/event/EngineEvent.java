package io.relayscope.event;

/**
 * An accepted event: the engine's bytes exactly as received (forwarded unchanged) plus what the
 * relay needs from them. {@code seq} is the relay sequence number, dense and in delivery order.
 */
public record EngineEvent(
    long seq,
    String source,
    long receivedAtNanos,
    long receivedAtMillis,
    byte[] raw,
    String machineName,
    String type,
    EventFields fields) {}
