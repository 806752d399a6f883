package io.relayscope.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every delivery of one measured run, as the clients saw it: when the event was sent, when this
 * client had it, and which client. A p99 says how many deliveries were late, not when: on this VM
 * they came in bursts, one every ~0.5 s, and only the deliveries themselves show that. Fixed
 * capacity, filled by the reader threads without locks; what does not fit is counted, not kept.
 */
final class DeliveryTrace {
  /** 4,000,000 deliveries (80 MB): 1,000 clients × 1,000/s for 4 s. */
  static final int MAX_CAPACITY = 4_000_000;

  private final long[] sent;
  private final long[] received;
  private final int[] client;
  private final AtomicInteger next = new AtomicInteger();

  DeliveryTrace(long expected) {
    int capacity = (int) Math.max(0, Math.min(expected, MAX_CAPACITY));
    sent = new long[capacity];
    received = new long[capacity];
    client = new int[capacity];
  }

  /** From a reader thread: client {@code index} had the event sent at {@code sentNanos} at {@code receivedNanos}. */
  void record(int index, long sentNanos, long receivedNanos) {
    int i = next.getAndIncrement();
    if (i >= sent.length) return; // counted by next, reported by dropped()
    sent[i] = sentNanos;
    received[i] = receivedNanos;
    client[i] = index;
  }

  int kept() {
    return Math.min(next.get(), sent.length);
  }

  int dropped() {
    return Math.max(0, next.get() - sent.length);
  }

  /** When the late deliveries came, and the latency of the others. Call once the readers are done. */
  StallEpisodes episodes() {
    return StallEpisodes.of(sent, received, kept());
  }

  /**
   * Writes {@code sent_ms,latency_ms,client} per delivery, in the order the clients had them, with
   * send times from {@code t0Nanos} (the start of the measured run, just before its first send).
   * Call once the readers are done.
   */
  void write(Path file, long t0Nanos) throws IOException {
    int n = kept();
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      w.write("sent_ms,latency_ms,client\n");
      for (int i = 0; i < n; i++) {
        w.write(String.format(Locale.ROOT, "%.3f,%.3f,%d\n", (sent[i] - t0Nanos) / 1e6, (received[i] - sent[i]) / 1e6,
            client[i]));
      }
    }
  }
}
