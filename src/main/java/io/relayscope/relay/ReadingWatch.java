package io.relayscope.relay;

/**
 * Whether a client still reads, from probe pings and the kernel's view of its connection.
 *
 * <p>Small events at a low rate never fill a queue of ours: the kernel's buffers absorb a stalled
 * client for minutes. So every client with no probe outstanding gets an RFC ping every
 * {@link #PROBE_INTERVAL_NANOS} (a few bytes; its pong is not journaled). A client whose pong is
 * late is suspect, and while any client is suspect the monitor samples the kernel's queues
 * ({@link KernelQueues}, at most every 500 ms: a read of /proc costs 10-25 ms of kernel time, so
 * not while all is well).
 * Bytes we wrote minus bytes still in the kernel (our send queue, plus the client's receive queue
 * when it runs on this machine) is what the client has consumed. Not reading: backlog with nothing
 * consumed for {@link #NOT_READING_AFTER_NANOS}, or a pong overdue that long while the kernel shows
 * nothing consumed (a client that drains its socket but answers no ping is reading). Where the
 * client's end is not visible (a remote client, or no /proc), an overdue pong alone counts.
 *
 * <p>Threads: samples and probes on the monitor; pongs on a Java-WebSocket thread.
 */
final class ReadingWatch {
  static final long NOT_READING_AFTER_NANOS = 1_000_000_000L;
  static final long LAGGING_AFTER_NANOS = 500_000_000L;
  static final long PROBE_INTERVAL_NANOS = 1_000_000_000L;
  /** A pong later than this makes the client suspect: the kernel is sampled for it. */
  static final long SUSPECT_AFTER_NANOS = 400_000_000L;

  private volatile int localPort = -1;
  private volatile int remotePort = -1;
  private volatile boolean peerOnThisHost;

  // Monitor thread only (read by snapshots: volatile).
  private volatile long unread = -1;
  private volatile boolean readerVisible;
  private long maxConsumed = Long.MIN_VALUE;
  private volatile long stuckSinceNanos;
  private volatile long lastProbeNanos;
  private volatile long probeSentNanos;

  /** The connection's ports, to find it in a kernel sample; set once it is open. */
  void connection(java.net.InetSocketAddress local, java.net.InetSocketAddress remote) {
    if (local == null || remote == null) return;
    localPort = local.getPort();
    remotePort = remote.getPort();
    peerOnThisHost = remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
  }

  /** Finds this connection (and, for a client on this machine, its end) in a sample. */
  void kernelSample(long sentBefore, KernelQueues.Sample sample, long now) {
    if (localPort < 0) return;
    KernelQueues.Queues ours = sample.find(localPort, remotePort);
    KernelQueues.Queues peer = peerOnThisHost ? sample.find(remotePort, localPort) : null;
    kernelSample(sentBefore, ours, peer, now);
  }

  /**
   * One kernel sample. {@code sentBefore}: bytes the socket had taken, read before the sample, so
   * a write racing the sample can only make consumption look smaller, never like progress.
   */
  void kernelSample(long sentBefore, KernelQueues.Queues ours, KernelQueues.Queues peer, long now) {
    if (ours == null && peer == null) {
      unread = -1;
      stuckSinceNanos = 0;
      return;
    }
    readerVisible = peer != null;
    long backlog = (ours == null ? 0 : ours.sendQueue()) + (peer == null ? 0 : peer.receiveQueue());
    long consumed = sentBefore - backlog;
    if (consumed > maxConsumed) {
      maxConsumed = consumed;
      stuckSinceNanos = backlog > 0 ? now : 0;
    } else if (backlog == 0) {
      stuckSinceNanos = 0;
    } else if (stuckSinceNanos == 0) {
      stuckSinceNanos = now;
    }
    unread = backlog;
  }

  /** Bytes sent that the client has not consumed, as far as the kernel shows; -1 when unknown. */
  long unreadBytes() {
    return unread;
  }

  /** How long backlog has sat in the kernel with nothing consumed; 0 when not stuck. */
  long stuckNanos(long now) {
    long since = stuckSinceNanos;
    return since == 0 ? 0 : now - since;
  }

  /** True when the kernel's view is wanted: a pong is late, or the last sample showed backlog. */
  boolean suspect(long now) {
    return pongOverdueNanos(now) >= SUSPECT_AFTER_NANOS || stuckSinceNanos != 0 || unread > 0;
  }

  /** True when a probe ping should go out now: none outstanding, the last one long enough ago. */
  boolean probeDue(long now) {
    if (probeSentNanos != 0 || now - lastProbeNanos < PROBE_INTERVAL_NANOS) return false;
    lastProbeNanos = now;
    probeSentNanos = now;
    return true;
  }

  /** A pong carrying {@code sentNanos} came back. True if it answers the outstanding probe. */
  boolean pong(long sentNanos) {
    long probe = probeSentNanos;
    if (probe == 0 || sentNanos < probe) return false;
    probeSentNanos = 0;
    return sentNanos == probe;
  }

  /** True if a ping sent at {@code sentNanos} was a probe (probe pongs are not journaled). */
  boolean isProbe(long sentNanos) {
    return sentNanos != 0 && sentNanos == lastProbeNanos;
  }

  private long pongOverdueNanos(long now) {
    long sent = probeSentNanos;
    return sent == 0 ? 0 : now - sent;
  }

  /** Why the client counts as not reading, or null. */
  String notReading(long now) {
    long stuck = stuckNanos(now);
    if (stuck >= NOT_READING_AFTER_NANOS) {
      return String.format("%,d bytes %s for %.1f s", unread, readerVisible ? "unread" : "unacknowledged", stuck / 1e9);
    }
    long overdue = pongOverdueNanos(now);
    if (overdue >= NOT_READING_AFTER_NANOS) {
      // Its end visible, the kernel decides: a late pong with bytes consumed is only late.
      if (!readerVisible || unread < 0) return String.format("no pong to a ping for %.1f s", overdue / 1e9);
      if (stuck >= LAGGING_AFTER_NANOS / 2) return String.format("no pong for %.1f s; %,d bytes unread", overdue / 1e9, unread);
    }
    return null;
  }

  /** Why the client counts as lagging (by the kernel's view), or null. */
  String lagging(long now) {
    long stuck = stuckNanos(now);
    return stuck >= LAGGING_AFTER_NANOS ? String.format("%,d bytes unread for %.1f s", unread, stuck / 1e9) : null;
  }
}
