package io.relayscope.tools;

import io.relayscope.support.EventSender;
import java.nio.file.Path;
import java.util.ArrayList;

/**
 * Sends a non-blocking burst to a running relay, the way an engine does, and reports how many
 * datagrams the kernel refused (EAGAIN: lost for good) and how many each client received. Used to
 * compare JVM settings (docs/jvm-settings.md); the full benchmark is {@code relayscope bench}.
 *
 * <p>Usage: {@code BurstProbe SOCKET WS_URL COUNT CLIENTS BYTES ROUNDS RATE} (RATE per second, 0 = as fast as possible)
 */
public final class BurstProbe {
  public static void main(String[] args) throws Exception {
    Path socket = Path.of(args[0]);
    String url = args[1];
    int count = Integer.parseInt(args[2]);
    int clients = Integer.parseInt(args[3]);
    int size = Integer.parseInt(args[4]);
    int rounds = Integer.parseInt(args[5]);
    long rate = args.length > 6 ? Long.parseLong(args[6]) : 0;
    var cs = new ArrayList<io.relayscope.demo.DemoClients.Reader>();
    for (int i = 0; i < clients; i++) {
      var c = new io.relayscope.demo.DemoClients.Reader(java.net.URI.create(url), "burst-probe");
      c.connectBlocking();
      cs.add(c);
    }
    byte[][] payloads = new byte[count][];
    for (int n = 0; n < count; n++) payloads[n] = EventSender.numbered(n, size).getBytes();
    long totalLost = 0;
    for (int r = 0; r < rounds; r++) {
      for (var c : cs) c.reset();
      long lost;
      long t0 = System.nanoTime();
      try (var sender = EventSender.nonBlocking(socket)) {
        for (int n = 0; n < count; n++) {
          if (rate > 0) {
            long due = t0 + n * 1_000_000_000L / rate;
            while (System.nanoTime() < due) Thread.onSpinWait();
          }
          sender.send(payloads[n]);
        }
        lost = sender.wouldBlock();
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      long expected = count - lost;
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (System.nanoTime() < deadline && cs.stream().anyMatch(c -> c.events() < expected)) {
        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
      }
      long minReceived = cs.stream().mapToLong(c -> c.events()).min().orElse(0);
      totalLost += lost;
      System.out.printf("round %d: sent %d in %.3f s (%.0f/s), EAGAIN lost %d (%.3f%%), min received per client %d%n",
          r + 1, count, secs, count / secs, lost, 100.0 * lost / count, minReceived);
    }
    System.out.printf("total EAGAIN lost %d of %d%n", totalLost, (long) count * rounds);
    for (var c : cs) c.close();
  }
}
