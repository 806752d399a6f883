package io.relayscope.relay;

import java.util.HashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Evidence of whether clients read (see {@link ReadingWatch}), every 100 ms on the monitor thread: a
 * probe ping to each client with none outstanding for a second, and, while any client has bytes long
 * unconfirmed or a late pong, the kernel's queues for all clients in one read.
 */
final class KernelSampler {
  private static final long MIN_GAP_NANOS = 150_000_000L;

  private final ClientSessions sessions;
  private final KernelQueues kernel;
  private final RelayTime time;
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong samplesForData = new AtomicLong();
  private long lastSampleNanos; // monitor thread

  KernelSampler(ClientSessions sessions, KernelQueues kernel, RelayTime time) {
    this.sessions = sessions;
    this.kernel = kernel;
    this.time = time;
  }

  void sample() {
    long now = time.nanos();
    boolean forData = false;
    boolean forPong = false;
    for (ClientSession s : sessions.all()) {
      forData |= s.reading().dataUnconfirmed(now, s.dataBytesSent());
      forPong |= s.reading().pongLate(now);
    }
    // A read of /proc costs 2-4 ms of kernel time here (10-25 ms on a loaded 2-core machine): only
    // while some client's bytes are unconfirmed, at most one every 150 ms.
    if ((forData || forPong) && kernel.available() && now - lastSampleNanos >= MIN_GAP_NANOS) {
      lastSampleNanos = now;
      var sent = new HashMap<ClientSession, Long>();
      for (ClientSession s : sessions.all()) sent.put(s, s.bytesSent());
      KernelQueues.Sample sample = kernel.sample();
      samples.incrementAndGet();
      if (forData) samplesForData.incrementAndGet();
      for (var e : sent.entrySet()) e.getKey().reading().kernelSample(e.getValue(), e.getKey().bytesSent(), sample, now);
    }
    // Probes after the sample: a ping sent microseconds before it would be found unread by a healthy reader.
    for (ClientSession s : sessions.all()) {
      if (s.isAccepting() && s.reading().probeDue(now, s.bytesSent())) {
        s.connection().offerControl(ControlFrames.ping(now)); // false once closing: onClose does the bookkeeping
      }
    }
  }

  /** Kernel samples taken so far (each one read of /proc/net/tcp and tcp6). */
  long samples() {
    return samples.get();
  }

  /** Of those, the ones taken because data was unconfirmed (the rest: a late pong). */
  long samplesForData() {
    return samplesForData.get();
  }
}
