package io.relayscope.relay;

import io.relayscope.metrics.ClientState;

/**
 * Whether a client still reads, from the kernel's view of its connection and from probe pings.
 *
 * <p>Small events at a low rate never fill a queue of ours: the kernel's buffers absorb a stalled
 * client for minutes. So the monitor samples the kernel's queues ({@link KernelQueues}, one read of
 * /proc for all clients) whenever some client has bytes the socket took more than
 * {@link #CONFIRM_AFTER_NANOS} ago that no sample has yet seen consumed, or a probe pong is late —
 * never while every client is idle and confirmed. Bytes we wrote minus bytes still in the kernel (our
 * send queue, plus the client's receive queue when it runs on this machine) is what the client has
 * consumed. The evidence of a stall is the first byte it has not consumed: {@link WriteProgress}
 * says when the socket took it, and a sample that finds it still unread {@link #LAGGING_AFTER_NANOS}
 * or {@link #NOT_READING_AFTER_NANOS} later is the evidence for LAGGING or NOT READING, dated from
 * that byte. Where the connection is not in the kernel's view (no /proc), a probe pong overdue for
 * {@link #PONG_NOT_READING_AFTER_NANOS} is the evidence, dated from the probe.
 *
 * <p>Every age is counted from the end of the relay's last pause at the earliest: while the relay's
 * own threads were held up, nothing it saw is the client's fault.
 *
 * <p>Threads: samples and probes on the monitor; writes under the channel's write lock; pongs on a
 * Java-WebSocket thread.
 */
final class ReadingWatch {
  static final long LAGGING_AFTER_NANOS = 250_000_000L;
  static final long NOT_READING_AFTER_NANOS = 500_000_000L;
  static final long PONG_NOT_READING_AFTER_NANOS = 1_000_000_000L;
  static final long PROBE_INTERVAL_NANOS = 1_000_000_000L;
  /** A pong later than this makes the kernel worth a look. */
  static final long SUSPECT_AFTER_NANOS = 400_000_000L;
  /**
   * Bytes unread for less than this at a sample prove nothing on their own: a healthy reader on a busy
   * machine may not yet have been scheduled to read what the socket took just before.
   */
  static final long UNREAD_NOTICED_AFTER_NANOS = 100_000_000L;
  /** Bytes taken this long ago and not yet seen consumed make the kernel worth a look. */
  static final long CONFIRM_AFTER_NANOS = 300_000_000L;

  /** What the evidence says of a client now, and since when (the evidence's own time). */
  record Evidence(ClientState state, long sinceNanos, String why) {
    static final Evidence NONE = new Evidence(ClientState.OPEN, 0, "");
  }

  private final WriteProgress writes;
  private volatile int localPort = -1;
  private volatile int remotePort = -1;
  private volatile boolean peerOnThisHost;

  // Monitor thread only (read by snapshots: volatile).
  private volatile long unread = -1;
  private volatile boolean kernelVisible;
  private volatile boolean readerVisible;
  private volatile long consumed;
  private volatile long unreadSinceNanos; // when the socket took the first byte not consumed; 0 if none
  private volatile long sampledAtNanos;
  private volatile long lastProbeNanos;
  private volatile long probeSentNanos;
  private volatile long pongs;
  private volatile long probeBytesSent; // bytes the socket had taken when the outstanding probe went out
  private volatile long confirmedByPong; // a pong to that probe: the client read all of them

  ReadingWatch(WriteProgress writes) {
    this.writes = writes;
  }

  /** The connection's ports, to find it in a kernel sample; set once it is open. */
  void connection(java.net.InetSocketAddress local, java.net.InetSocketAddress remote) {
    if (local == null || remote == null) return;
    localPort = local.getPort();
    remotePort = remote.getPort();
    peerOnThisHost = remote.getAddress() != null && remote.getAddress().isLoopbackAddress();
  }

  /** Finds this connection (and, for a client on this machine, its end) in a sample. */
  void kernelSample(long sentBefore, long sentAfter, KernelQueues.Sample sample, long now) {
    if (localPort < 0) return;
    KernelQueues.Queues ours = sample.find(localPort, remotePort);
    KernelQueues.Queues peer = peerOnThisHost ? sample.find(remotePort, localPort) : null;
    kernelSample(sentBefore, sentAfter, ours, peer, now);
  }

  /**
   * One kernel sample, between two readings of the bytes the socket had taken ({@code sentBefore},
   * {@code sentAfter}: a write may race the sample). Two bounds on what the client has consumed:
   * <ul>
   *   <li>at least {@code sentBefore} less everything in the kernel — our send queue counts bytes sent
   *       but not yet acknowledged, which the client may have read already: an undercount, so progress
   *       (and so recovery) is never overstated;
   *   <li>at most the bytes taken less what the reader has not read (its receive queue when it is on
   *       this machine, else our send queue): bytes still unsent in our buffer make it an overcount, so
   *       the first unread byte is never dated earlier than it was written — later by at most the time
   *       the relay took to fill its own send buffer. (Counting our send queue too, once frames of ours
   *       wait, dated stalls up to 100 ms early: a reader does not acknowledge at once what it received.)
   * </ul>
   * While nothing more is consumed, the first unread byte keeps the earliest date a sample gave it.
   */
  void kernelSample(long sentBefore, long sentAfter, KernelQueues.Queues ours, KernelQueues.Queues peer, long now) {
    sampledAtNanos = now;
    if (ours == null && peer == null) {
      kernelVisible = false;
      unread = -1;
      unreadSinceNanos = 0;
      return;
    }
    kernelVisible = true;
    readerVisible = peer != null;
    long tx = ours == null ? 0 : ours.sendQueue();
    long rx = peer == null ? 0 : peer.receiveQueue();
    long before = consumed;
    consumed = Math.max(Math.max(consumed, confirmedByPong), sentBefore - tx - rx);
    long notRead = peer == null ? tx : rx;
    long atMost = Math.max(consumed, Math.min(sentBefore, sentAfter - notRead));
    long left = Math.max(0, sentBefore - atMost);
    unread = left;
    if (left == 0) {
      unreadSinceNanos = 0;
      return;
    }
    long since = writes.takenBy(atMost + 1);
    long was = unreadSinceNanos;
    unreadSinceNanos = was != 0 && consumed == before ? Math.min(was, since) : since;
  }

  /** Bytes sent that the client has not consumed, as far as the kernel shows; -1 when unknown. */
  long unreadBytes() {
    return unread;
  }

  /**
   * Whether the last sample found bytes unread for at least {@link #UNREAD_NOTICED_AFTER_NANOS},
   * counted from no earlier than {@code pauseEnd}.
   */
  boolean unreadNoticed(long pauseEnd) {
    long since = unreadSinceNanos;
    return since != 0 && kernelVisible && sampledAtNanos - Math.max(since, pauseEnd) >= UNREAD_NOTICED_AFTER_NANOS;
  }

  /** Whether a probe ping awaits its pong. */
  boolean probeOutstanding() {
    return probeSentNanos != 0;
  }

  /** Whether the last sample found this connection in the kernel's view. */
  boolean kernelVisible() {
    return kernelVisible;
  }

  /** True when a probe pong is late enough to make the kernel worth a look. */
  boolean pongLate(long now) {
    return pongOverdueNanos(now) >= SUSPECT_AFTER_NANOS;
  }

  /**
   * True when data bytes the socket took {@link #CONFIRM_AFTER_NANOS} ago are not yet seen consumed.
   * ({@code dataBytesSent}: up to the end of our last data frame; the probe pings that follow an idle
   * stream would otherwise want a sample each, for ever.)
   */
  boolean dataUnconfirmed(long now, long dataBytesSent) {
    return dataUnconfirmed(now, dataBytesSent, CONFIRM_AFTER_NANOS);
  }

  /** True when data bytes the socket took {@code afterNanos} ago or earlier are not yet seen consumed. */
  boolean dataUnconfirmed(long now, long dataBytesSent, long afterNanos) {
    long known = Math.max(consumed, confirmedByPong);
    if (dataBytesSent <= known) return false;
    long taken = writes.takenBy(known + 1);
    return taken != 0 && now - taken >= afterNanos;
  }

  /**
   * Evidence of consumption so far: bytes the kernel saw consumed plus pongs to our pings (a pong
   * comes after every byte written before its ping). It only grows; a flagged client recovers only
   * once it has grown.
   */
  long progress() {
    return consumed + pongs;
  }

  /**
   * What the kernel's last sample says, its age counted at that sample (between samples nothing new
   * is known) from no earlier than {@code pauseEnd}.
   */
  Evidence kernelEvidence(long pauseEnd) {
    long since = unreadSinceNanos;
    if (since == 0 || !kernelVisible) return Evidence.NONE;
    since = Math.max(since, pauseEnd);
    long age = sampledAtNanos - since;
    String what = String.format("%,d bytes %s for %.1f s", unread, readerVisible ? "unread" : "unacknowledged", age / 1e9);
    if (age >= NOT_READING_AFTER_NANOS) return new Evidence(ClientState.NOT_READING, since, what);
    if (age >= LAGGING_AFTER_NANOS) return new Evidence(ClientState.LAGGING, since, what);
    return Evidence.NONE;
  }

  /** Without the kernel's view: a probe pong overdue long enough, counted from no earlier than {@code pauseEnd}. */
  Evidence pongEvidence(long now, long pauseEnd) {
    long sent = probeSentNanos;
    if (sent == 0) return Evidence.NONE;
    long since = Math.max(sent, pauseEnd);
    long overdue = now - since;
    if (overdue < PONG_NOT_READING_AFTER_NANOS) return Evidence.NONE;
    return new Evidence(ClientState.NOT_READING, since, String.format("no pong to a ping for %.1f s", overdue / 1e9));
  }

  /**
   * True when a probe ping should go out now: none outstanding, the last one long enough ago.
   * {@code bytesSent}: what the socket has taken so far; the ping is queued behind all of it.
   */
  boolean probeDue(long now, long bytesSent) {
    if (probeOutstanding() || now - lastProbeNanos < PROBE_INTERVAL_NANOS) return false;
    lastProbeNanos = now;
    probeBytesSent = bytesSent;
    probeSentNanos = now;
    return true;
  }

  /** A pong to one of our pings came back: it read everything before it. True if it answers the outstanding probe. */
  boolean pong(long sentNanos) {
    pongs++;
    long probe = probeSentNanos;
    if (probe == 0 || sentNanos < probe) return false;
    // A pong comes after every byte written before its ping: those are read, no kernel sample needed.
    confirmedByPong = Math.max(confirmedByPong, probeBytesSent);
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
}
