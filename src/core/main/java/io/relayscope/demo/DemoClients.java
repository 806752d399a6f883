package io.relayscope.demo;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A few well-behaved WebSocket clients, like upstream's browser UI: they read and count events. */
public final class DemoClients implements AutoCloseable {
  /** One healthy client: counts the engine events it receives (relay messages aside). */
  public static final class Reader extends WebSocketClient {
    private final AtomicLong events = new AtomicLong();
    private volatile boolean initial;

    public Reader(URI url, String name) {
      super(url);
      setConnectionLostTimeout(0);
      addHeader("User-Agent", name);
    }

    @Override
    public void onMessage(String message) {
      if (message.startsWith("{\"type\":\"initial\"")) initial = true;
      else if (!message.startsWith("{\"type\":\"ping\"") && !message.startsWith("{\"type\":\"pong\"")) events.incrementAndGet();
    }

    @Override
    public void onOpen(ServerHandshake h) {}

    @Override
    public void onClose(int code, String reason, boolean remote) {}

    @Override
    public void onError(Exception ex) {}

    public long events() {
      return events.get();
    }

    /** Starts counting again from zero. */
    public void reset() {
      events.set(0);
    }

    public boolean joined() {
      return initial;
    }
  }

  private final List<Reader> readers = new ArrayList<>();

  /** Connects {@code count} readers and waits (up to 10 s) until each has its {@code initial}. */
  public static DemoClients connect(String url, int count) throws InterruptedException {
    var clients = new DemoClients();
    for (int i = 1; i <= count; i++) {
      var r = new Reader(URI.create(url), "relayscope-demo-reader-" + i);
      if (r.connectBlocking(10, TimeUnit.SECONDS)) clients.readers.add(r);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline && !clients.readers.stream().allMatch(Reader::joined)) {
      Thread.sleep(20); // waiting for the relay's first frame; no event is sent before it
    }
    return clients;
  }

  public List<Reader> readers() {
    return List.copyOf(readers);
  }

  @Override
  public void close() {
    for (Reader r : readers) r.close();
  }
}
