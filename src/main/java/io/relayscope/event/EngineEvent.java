package io.relayscope.event;

import com.fasterxml.jackson.databind.node.ObjectNode;

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
    ObjectNode json) {

  /** The payload object, or an empty node when the engine sent none. */
  public ObjectNode payload() {
    var p = json.get("payload");
    return p instanceof ObjectNode o ? o : json.objectNode();
  }
}
