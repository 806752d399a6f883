package io.relayscope.tools;

import io.relayscope.support.ConnectStorm;
import io.relayscope.support.RawHttp;
import io.relayscope.support.RawWsClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs issue #12's attacks against a running relay and prints one figure per attack, for the
 * before/after table. Start the relay with {@code --max-clients 100 --token s3cret}.
 *
 * <p>Usage: {@code EdgeAttackProbe PORT [ATTACKS]}, ATTACKS e.g. {@code 1234567} (the default) or {@code 26}
 */
public final class EdgeAttackProbe {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String auth = "Authorization: Bearer s3cret\r\n";
    String which = args.length > 1 ? args[1] : "1234567";

    if (which.contains("1")) {
      // 1. 60 KB fragments, never FIN, for up to 10 s; then: does /health still answer?
      try (var c = RawWsClient.open(port, "/ws/events", auth)) {
        byte[] fragment = new byte[60_000];
        long sent = 0;
        long t0 = System.nanoTime();
        try {
          c.send(RawWsClient.TEXT, false, fragment);
          sent += fragment.length;
          while (System.nanoTime() - t0 < 10_000_000_000L) {
            c.send(RawWsClient.CONTINUATION, false, fragment);
            sent += fragment.length;
          }
        } catch (IOException e) {
          // closed on us
        }
        c.setReadTimeout(5000);
        int code = -2;
        try {
          code = c.readUntilClose();
        } catch (IOException e) {
          // no close frame within 5 s
        }
        System.out.printf("1 fragments: %d MB taken in %.1f s, close code %d%n", sent >> 20, (System.nanoTime() - t0) / 1e9, code);
      }
      System.out.printf("1 then GET /health: '%s'%n", status(port, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"));
    }
    if (which.contains("2")) {
      // 2. 5,000 RFC pings in one write.
      try (var c = RawWsClient.open(port, "/ws/events", auth)) {
        var flood = new ByteArrayOutputStream();
        for (int i = 0; i < 5000; i++) flood.writeBytes(RawWsClient.frame(RawWsClient.PING, true, new byte[125], true));
        try {
          c.sendAll(flood.toByteArray());
        } catch (IOException e) {
          // closed mid-flood
        }
        c.setReadTimeout(3000);
        int pongs = 0;
        int code = -1;
        try {
          RawWsClient.Frame f;
          while ((f = c.read()) != null) {
            if (f.opcode() == RawWsClient.PONG) pongs++;
            if (f.opcode() == RawWsClient.CLOSE) {
              code = f.closeCode();
              break;
            }
          }
        } catch (IOException e) {
          // quiet for 3 s
        }
        System.out.printf("2 ping flood: 5000 pings -> %d pongs, close code %d%n", pongs, code);
      }
    }
    if (which.contains("3")) {
      // 3. A 16 MB request head.
      var big = new StringBuilder("GET /ws/events HTTP/1.1\r\nHost: x\r\n");
      while (big.length() < 16 << 20) big.append("X-Filler: ").append("a".repeat(1000)).append("\r\n");
      long t3 = System.nanoTime();
      var head = RawHttp.exchange(port, big.toString());
      System.out.printf("3 16 MB head: '%s' after %.1f s%n", head.statusLine(), (System.nanoTime() - t3) / 1e9);
      String base = "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + auth;
      System.out.printf("3 no key: '%s'; version 8: '%s'%n",
          status(port, "GET /ws/events HTTP/1.1\r\n" + base + "Sec-WebSocket-Version: 13\r\n\r\n"),
          status(port, "GET /ws/events HTTP/1.1\r\n" + base + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              + "Sec-WebSocket-Version: 8\r\n\r\n"));

    }
    if (which.contains("4")) {
      // 4. HEAD and HTTP/1.0.
      var h = RawHttp.exchange(port, "HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n");
      var old = RawHttp.exchange(port, "GET /health HTTP/1.0\r\n\r\n");
      System.out.printf("4 HEAD /health: '%s', body %d bytes; HTTP/1.0 GET /health: '%s'%n", h.statusLine(), h.body().length,
          old.statusLine());

    }
    if (which.contains("5")) {
      // 5. /initial from another Origin (with the token).
      var cross = RawHttp.exchange(port, "GET /initial HTTP/1.1\r\nHost: x\r\nOrigin: http://evil.example\r\n" + auth + "\r\n");
      System.out.printf("5 /initial from evil.example: '%s', ACAO %s%n", cross.statusLine(), cross.header("Access-Control-Allow-Origin"));

    }
    if (which.contains("6")) {
      // 6. 400 concurrent handshakes against --max-clients 100, then a 2,000-connect storm.
      var pool = Executors.newFixedThreadPool(400);
      var go = new CountDownLatch(1);
      var futures = new ArrayList<Future<RawWsClient>>();
      for (int i = 0; i < 400; i++) futures.add(pool.submit(() -> {
        go.await();
        return RawWsClient.open(port, "/ws/events", auth);
      }));
      go.countDown();
      var clients = new ArrayList<RawWsClient>();
      for (var f : futures) clients.add(f.get());
      long admitted = clients.stream().filter(c -> c.responseHead.startsWith("HTTP/1.1 101")).count();
      System.out.printf("6 400 concurrent connects, --max-clients 100: %d admitted%n", admitted);
      for (var c : clients) c.close();
      pool.shutdownNow();
      awaitNoClients(port); // the relay has seen them go
      long overflows0 = ConnectStorm.listenOverflows();
      long t6 = System.nanoTime();
      var storm = ConnectStorm.run(port, 2000, Duration.ofSeconds(60));
      System.out.printf("6 2,000-connect storm: %s in %.1f s, kernel listen overflows +%d%n", storm,
          (System.nanoTime() - t6) / 1e9, ConnectStorm.listenOverflows() - overflows0);
      awaitNoClients(port);
    }
    if (which.contains("7")) {
      // 7. 5,000 refused (401) connects: journal facts appended meanwhile.
      long facts0 = metric(port, "relayscope_journal_facts_total");
      var refusers = Executors.newFixedThreadPool(8);
      var refused = new ArrayList<Future<?>>();
      for (int i = 0; i < 5000; i++) refused.add(refusers.submit(() -> {
        RawWsClient.open(port, "/ws/events", "").close();
        return null;
      }));
      for (var f : refused) f.get();
      refusers.shutdown();
      // The last summary fact goes out on the next one-second tick: wait until the journal stops growing.
      long[] seen = {-1};
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1100)).until(() -> {
        long now = metric(port, "relayscope_journal_facts_total");
        boolean stable = now == seen[0];
        seen[0] = now;
        return stable;
      });
      String metrics = RawHttp.exchange(port, "GET /metrics HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n").bodyText();
      System.out.printf("7 5,000 refused connects: +%d journal facts; %s%n", metric(port, "relayscope_journal_facts_total") - facts0,
          Arrays.stream(metrics.split("\n")).filter(l -> l.startsWith("relayscope_refused_total{")).toList());
    }
  }

  /** The status line, or what went wrong instead. */
  private static String status(int port, String request) {
    try {
      return RawHttp.exchange(port, request).statusLine();
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static void awaitNoClients(int port) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> metric(port, "relayscope_clients") == 0);
  }

  private static long metric(int port, String name) throws IOException {
    String body = RawHttp.exchange(port, "GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret\r\n\r\n").bodyText();
    for (String line : body.split("\n")) {
      if (line.startsWith(name + " ")) return (long) Double.parseDouble(line.substring(name.length() + 1));
    }
    return -1;
  }
}
