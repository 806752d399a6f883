package io.relayscope.bench;

import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The benchmark's baseline, and nothing else: the October 2025 incident's "fixed" design. One loop
 * receives a datagram, then sends it to each client in turn, waiting up to 2 s for each send to be
 * written before the next client — a client that does not read costs everyone 2 s per event, and
 * the engine's datagrams pile up in the kernel's 10-slot queue meanwhile.
 *
 * <p>Usage: {@code BaselineRelay SOCKET PORT}; prints {@code -> ws://host:port/ws/events} when ready.
 */
public final class BaselineRelay extends WebSocketServer {
  static final long SEND_TIMEOUT_NANOS = 2_000_000_000L;
  private final List<WebSocket> clients = new CopyOnWriteArrayList<>();
  private volatile boolean started;

  BaselineRelay(int port) {
    super(new InetSocketAddress("127.0.0.1", port));
    setReuseAddr(true);
    setConnectionLostTimeout(0);
    setTcpNoDelay(true);
  }

  public static void main(String[] args) throws Exception {
    Path socket = Path.of(args[0]);
    var server = new BaselineRelay(Integer.parseInt(args[1]));
    server.start();
    while (!server.started) Thread.sleep(10);
    Files.deleteIfExists(socket);
    try (var in = AFUNIXDatagramSocket.newInstance()) {
      in.bind(AFUNIXSocketAddress.of(socket));
      System.out.println("baseline -> ws://127.0.0.1:" + server.getPort() + "/ws/events");
      System.out.flush();
      byte[] buf = new byte[256 * 1024];
      var packet = new DatagramPacket(buf, buf.length);
      while (true) {
        packet.setLength(buf.length);
        try {
          in.receive(packet);
        } catch (SocketTimeoutException empty) {
          continue;
        }
        server.sendToEach(new String(buf, 0, packet.getLength(), StandardCharsets.UTF_8));
      }
    }
  }

  /** Each client in turn, each send awaited for up to 2 s: the seed's fix. */
  void sendToEach(String text) {
    var dead = new ArrayList<WebSocket>();
    for (WebSocket c : clients) {
      try {
        c.send(text);
      } catch (RuntimeException e) {
        dead.add(c);
        continue;
      }
      long deadline = System.nanoTime() + SEND_TIMEOUT_NANOS;
      // Awaited as asyncio awaits a send: the thread waits (it does not spin a core the clients need).
      while (c.hasBufferedData() && System.nanoTime() < deadline) LockSupport.parkNanos(20_000);
      if (c.hasBufferedData()) dead.add(c); // "send timed out after 2s, marking as dead"
    }
    for (WebSocket c : dead) {
      clients.remove(c);
      c.close(1011, "send timed out");
    }
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    conn.send("{\"type\":\"initial\",\"machines\":[],\"timestamp\":0}");
    clients.add(conn);
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    clients.remove(conn);
  }

  @Override
  public void onMessage(WebSocket conn, String message) {}

  @Override
  public void onError(WebSocket conn, Exception ex) {}

  @Override
  public void onStart() {
    started = true;
  }
}
