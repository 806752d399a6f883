package io.relayscope.support;

import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A WebSocket client that only counts the events it receives, so hundreds cost the machine little. */
public final class CountingClient extends WebSocketClient {
  public final AtomicLong events = new AtomicLong();
  public volatile boolean initialSeen;
  private final String eventPrefix;

  /** Counts messages starting with {@code eventPrefix}. */
  public CountingClient(String url, String eventPrefix) {
    super(URI.create(url));
    this.eventPrefix = eventPrefix;
    setConnectionLostTimeout(0);
  }

  @Override
  public void onMessage(String message) {
    if (message.startsWith(eventPrefix)) events.incrementAndGet();
    else if (message.startsWith("{\"type\":\"initial\"")) initialSeen = true;
  }

  @Override
  public void onOpen(ServerHandshake h) {}

  @Override
  public void onClose(int code, String reason, boolean remote) {}

  @Override
  public void onError(Exception ex) {}
}
