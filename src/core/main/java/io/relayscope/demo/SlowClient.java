package io.relayscope.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A WebSocket client that reads normally, then stops reading — its message handler hangs, as a
 * paused or overloaded client's does — with a small receive buffer so the stall shows at once.
 * That is the October 2025 incident's client. When the stall ends it reads what is left and
 * reports how the connection ended.
 */
public final class SlowClient extends WebSocketClient {
  private final long stallAfterMillis;
  private final CountDownLatch resume = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicLong messages = new AtomicLong();
  private volatile long openedAtNanos;
  private volatile long stalledAtNanos;
  private volatile int closeCode = -1;
  private volatile String closeReason = "";
  private volatile boolean closedByServer;

  public SlowClient(URI url, long stallAfterMillis) {
    super(url);
    this.stallAfterMillis = stallAfterMillis;
    setConnectionLostTimeout(0);
    setSocketFactory(new SocketFactory() {
      @Override
      public Socket createSocket() throws IOException {
        var s = new Socket();
        s.setReceiveBufferSize(4096); // before connect, so the TCP window stays small
        return s;
      }

      @Override
      public Socket createSocket(String host, int port) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Socket createSocket(String host, int port, InetAddress local, int localPort) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Socket createSocket(InetAddress host, int port) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) {
        throw new UnsupportedOperationException();
      }
    });
    addHeader("User-Agent", "relayscope-slow-client");
  }

  @Override
  public void onOpen(ServerHandshake handshake) {
    openedAtNanos = System.nanoTime();
  }

  @Override
  public void onMessage(String message) {
    messages.incrementAndGet();
    if (stalledAtNanos == 0 && System.nanoTime() - openedAtNanos >= TimeUnit.MILLISECONDS.toNanos(stallAfterMillis)) {
      stalledAtNanos = System.nanoTime();
      try {
        resume.await(); // this thread is the one that reads the socket: nothing is read until resumed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Ends the stall: the client reads again. */
  public void resume() {
    resume.countDown();
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    closeCode = code;
    closeReason = reason;
    closedByServer = remote;
    closed.countDown();
  }

  @Override
  public void onError(Exception ex) {
    // reported through onClose
  }

  public boolean awaitClose(long timeout, TimeUnit unit) throws InterruptedException {
    return closed.await(timeout, unit);
  }

  /** When it stopped reading ({@link System#nanoTime()}), or 0. */
  public long stalledAtNanos() {
    return stalledAtNanos;
  }

  public boolean stalled() {
    return stalledAtNanos != 0;
  }

  public long messages() {
    return messages.get();
  }

  public int closeCode() {
    return closeCode;
  }

  public String closeReason() {
    return closeReason;
  }

  public boolean closedByServer() {
    return closedByServer;
  }
}
