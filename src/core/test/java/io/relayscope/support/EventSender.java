package io.relayscope.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** Sends datagrams the way an engine does: connect() then send(), blocking or not. */
public final class EventSender implements AutoCloseable {
  private final AFUNIXDatagramChannel channel;
  private long wouldBlock;

  private EventSender(AFUNIXDatagramChannel channel) {
    this.channel = channel;
  }

  public static EventSender blocking(Path socket) throws IOException {
    var ch = AFUNIXDatagramChannel.open();
    ch.connect(AFUNIXSocketAddress.of(socket));
    return new EventSender(ch);
  }

  /** Like upstream's engine: a full receiver queue (EAGAIN) loses the event. */
  public static EventSender nonBlocking(Path socket) throws IOException {
    var ch = AFUNIXDatagramChannel.open();
    ch.connect(AFUNIXSocketAddress.of(socket));
    ch.configureBlocking(false);
    return new EventSender(ch);
  }

  /** Returns false if the datagram could not be queued (EAGAIN on a non-blocking sender). */
  public boolean send(byte[] bytes) throws IOException {
    if (bytes.length == 0) {
      // The channel's write sends nothing for an empty buffer; the socket API sends a real empty datagram.
      channel.socket().send(new java.net.DatagramPacket(bytes, 0));
      return true;
    }
    int n = channel.write(ByteBuffer.wrap(bytes));
    if (n == 0 && bytes.length > 0) {
      wouldBlock++;
      return false;
    }
    return true;
  }

  public boolean send(String json) throws IOException {
    return send(json.getBytes(StandardCharsets.UTF_8));
  }

  public long wouldBlock() {
    return wouldBlock;
  }

  public static String stateChange(String machine, String from, String to, String trigger) {
    return "{\"machine_name\":\"" + machine + "\",\"type\":\"state_change\",\"payload\":{\"from_state\":\"" + from
        + "\",\"to_state\":\"" + to + "\",\"event_trigger\":\"" + trigger + "\",\"timestamp\":"
        + System.currentTimeMillis() / 1000.0 + "}}";
  }

  public static String registered(String machine, String configType, String state) {
    return "{\"machine_name\":\"" + machine + "\",\"type\":\"machine_registered\",\"payload\":{\"machine_name\":\""
        + machine + "\",\"config_type\":\"" + configType + "\",\"current_state\":\"" + state + "\",\"timestamp\":"
        + System.currentTimeMillis() / 1000.0 + "}}";
  }

  /** A numbered event whose payload is padded to about {@code size} bytes. */
  public static String numbered(long n, int size) {
    String head = "{\"machine_name\":\"bench\",\"type\":\"activity_log\",\"payload\":{\"n\":" + n + ",\"message\":\"";
    String tail = "\",\"level\":\"info\"}}";
    int pad = Math.max(0, size - head.length() - tail.length());
    return head + "x".repeat(pad) + tail;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
