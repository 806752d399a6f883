package io.relayscope.relay;

import io.relayscope.event.EpochSeconds;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.java_websocket.framing.PingFrame;

/** The relay's own frames besides events: the text pong, upstream's JSON ping, and our RFC ping. */
final class ControlFrames {
  private final FrameEncoder encoder = new FrameEncoder(); // shared by Java-WebSocket's workers and keepalive
  private final byte[] pongBytes = "{\"type\":\"pong\"}".getBytes(StandardCharsets.UTF_8);
  private final RelayTime time;

  ControlFrames(RelayTime time) {
    this.time = time;
  }

  /** Upstream's answer to a text {@code ping}. */
  OutboundFrame textPong() {
    return new OutboundFrame(text(pongBytes), -1, time.nanos());
  }

  /** Upstream's JSON ping, stamped with the wall clock as upstream does. */
  OutboundFrame jsonPing() {
    String json = "{\"type\":\"ping\",\"timestamp\":" + EpochSeconds.now().toPlainString() + "}";
    return new OutboundFrame(text(json.getBytes(StandardCharsets.UTF_8)), -1, time.nanos());
  }

  /** An RFC ping whose payload is {@code payload} (our send time: the pong brings it back). */
  static PingFrame ping(long payload) {
    var frame = new PingFrame();
    frame.setPayload(ByteBuffer.allocate(Long.BYTES).putLong(0, payload));
    return frame;
  }

  private ByteBuffer text(byte[] json) {
    synchronized (encoder) {
      return encoder.text(json);
    }
  }
}
