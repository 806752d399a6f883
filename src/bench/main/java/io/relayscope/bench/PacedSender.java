package io.relayscope.bench;

import io.relayscope.demo.DatagramEmitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark's engine: events at a set rate through a non-blocking datagram socket, as engines
 * send them (an {@code EAGAIN} is an event lost for good), each stamped with its send time.
 */
final class PacedSender {
  private PacedSender() {}

  /**
   * Events per second of warm-up: 20,000/s (or the scenario's own rate if faster), or 100 MB/s
   * fanned out if that is less, so that the per-event paths get past the JIT's thresholds (C2 compiles a
   * method after some 10,000–15,000 calls) before anything is measured. At the scenario's rate, 15 s
   * of warm-up at 1,000/s left the compiler 0.3–0.45 s of a 50,000/s second's relay CPU, and 10 s
   * left it 0.28 s of a 3 s window at 1,000/s.
   */
  static final int WARMUP_MAX_RATE = 20_000;

  static int warmupRate(Scenario sc) {
    double byBandwidth = 100e6 / ((double) Math.max(1, sc.healthy()) * sc.payloadBytes());
    // A faster scenario warms up at its own rate (the burst at 50,000/s): its paths differ again
    // (fuller rounds, bigger write batches), and C2 compiled them during the measured second.
    int rate = sc.rate() > 0 ? Math.max(WARMUP_MAX_RATE, sc.rate()) : Math.max(WARMUP_MAX_RATE, 50_000);
    return (int) Math.max(10, Math.min(rate, byBandwidth));
  }

  /**
   * Sends {@code count} events at {@code rate} a second (0: as fast as it can): the warm-up and the
   * measured run alike.
   */
  static void send(DatagramEmitter emitter, long count, int rate, String pad) throws IOException {
    long t0 = System.nanoTime();
    for (int n = 0; n < count; n++) {
      if (rate > 0) pace(t0 + n * 1_000_000_000L / rate);
      emitter.send(event(n, pad));
    }
  }

  /**
   * Waits for {@code due} (System.nanoTime) by parking, never spinning: a spinning sender would take
   * one of the two cores from the relay and its clients. Parking overshoots by tens of microseconds;
   * the schedule is absolute, so the rate holds and a late event goes out with the next one.
   */
  static void pace(long due) {
    long wait;
    while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
  }

  /** Event {@code n} of the scenario, stamped with its send time for the clients. */
  static byte[] event(int n, String pad) {
    return ("{\"machine_name\":\"bench\",\"type\":\"activity_log\",\"payload\":{\"n\":" + n + "," + ReaderPool.MARK
        + System.nanoTime() + ",\"pad\":\"" + pad + "\"}}").getBytes(StandardCharsets.UTF_8);
  }
}
