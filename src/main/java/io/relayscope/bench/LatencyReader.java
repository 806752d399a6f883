package io.relayscope.bench;

import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A healthy client: records each event's delivery latency (sent → received, same clock) and counts events. */
final class LatencyReader extends WebSocketClient {
  static final String MARK = "\"sent_ns\":";
  final Recorder latency = new Recorder(3);
  final AtomicLong events = new AtomicLong();
  volatile boolean joined;

  LatencyReader(URI url) {
    super(url);
    setConnectionLostTimeout(0);
    addHeader("User-Agent", "relayscope-bench");
  }

  @Override
  public void onMessage(String message) {
    int at = message.indexOf(MARK);
    if (at < 0) {
      joined = true; // initial (or a ping)
      return;
    }
    long now = System.nanoTime();
    int start = at + MARK.length();
    int end = start;
    while (end < message.length() && Character.isDigit(message.charAt(end))) end++;
    latency.recordValue(Math.max(0, now - Long.parseLong(message.substring(start, end))));
    events.incrementAndGet();
  }

  @Override
  public void onOpen(ServerHandshake h) {}

  @Override
  public void onClose(int code, String reason, boolean remote) {}

  @Override
  public void onError(Exception ex) {}
}
