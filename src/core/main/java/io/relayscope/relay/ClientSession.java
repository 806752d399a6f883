package io.relayscope.relay;

import io.relayscope.journal.Journal;
import io.relayscope.metrics.ClientState;
import io.relayscope.metrics.ClientStats;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One WebSocket client: its own bounded outbound queue, its write deadline and its figures.
 *
 * <p>Producers (the hub, keepalive, callbacks) {@link #enqueue}. At most one {@link WriteBatch} of
 * ours (one frame, or a few small ones) is on its way at a time. When nothing waits ahead of it, the
 * thread that hands it over writes it straight to the socket with one non-blocking write
 * (write-through: no selector wake-up, no interest changes); what the socket does not take, and any
 * batch with something ahead of it, goes the selector's way, which pulls the next from our queue
 * when the socket has taken all of it. So a client that stops reading holds up only itself, and its
 * backlog stays in a queue we can measure, cap and drop.
 *
 * <p>Writes and their accounting ({@link #onWritten} and the continuations) run under the
 * connection's {@link CountingChannel} lock, on whichever thread writes: one at a time, in order.
 */
public final class ClientSession implements WriteObserver {
  private final String id;
  private final RelayConnection conn;
  private final RelayConfig config;
  private final Runnable writeDemand;
  private final String remoteAddress;
  private final String userAgent;
  private final String path;
  private final RelayTime time;
  private final long connectedAtMillis;

  private final ConcurrentLinkedQueue<OutboundFrame> queue = new ConcurrentLinkedQueue<>();
  private final InboundRate inbound;
  private final ResumeRequest resume;
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicInteger queuedFrames = new AtomicInteger();
  private final AtomicBoolean writing = new AtomicBoolean();
  // Ours in the library's queue; taken (set to null) exactly once when dropped, by a refused hand or the close.
  private final AtomicReference<WriteBatch> inFlight = new AtomicReference<>();
  /** Where a batch is gathered, by whoever holds {@link #writing}; and the completion, made once, not per write. */
  private final OutboundFrame[] scratch = WriteBatch.scratch();
  private final WriteBatch.FrameDone written = this::frameWritten;
  private volatile boolean accepting = true;

  // Written under the channel's write lock only.
  private volatile long framesSent;
  private volatile long bytesSent;
  private volatile long dataBytesSent; // bytesSent when the socket last took bytes of our own frames
  private volatile long lastSeqSent;
  private volatile long joinedAtSeq = -1;
  private volatile long lastProgressNanos;
  private final SendAccounting sends; // what the sends cost

  private final AtomicLong dropped = new AtomicLong();
  private volatile ClientState state = ClientState.OPEN;
  private final WriteProgress writes = new WriteProgress();
  private final ReadingWatch reading = new ReadingWatch(writes);
  private final ClientAssessment assessment; // monitor thread
  private volatile int closeCode = -1;
  private volatile String closeReason = "";
  private volatile String closedBy = ""; // "relay", "client" (its Close), or "connection" (it ended with no Close)
  private volatile long closedAtMillis = -1;
  private final AtomicBoolean closeRecorded = new AtomicBoolean();
  private final ClientKeepalive keepalive; // keepalive thread and pong callbacks

  ClientSession(String id, RelayConnection conn, RelayConfig config, Journal journal, Runnable writeDemand,
      String remoteAddress, String userAgent, String path, ResumeRequest resume, RelayTime time) {
    this.resume = resume;
    this.time = time;
    this.connectedAtMillis = time.millis();
    long connectedAtNanos = time.nanos();
    this.id = id;
    this.conn = conn;
    this.config = config;
    this.writeDemand = writeDemand;
    this.remoteAddress = remoteAddress;
    this.userAgent = userAgent;
    this.path = path;
    this.lastProgressNanos = connectedAtNanos;
    this.inbound = new InboundRate(config.access().inboundMessagesPerSecond(), time);
    this.keepalive = new ClientKeepalive(connectedAtNanos, reading);
    this.sends = new SendAccounting(id, config, journal);
    this.assessment = new ClientAssessment(this, config, journal, time, reading);
  }

  /** Null for upstream clients; else what it asked for with ?since= (it gets relay_seq markers). */
  ResumeRequest resume() {
    return resume;
  }

  InboundRate inbound() {
    return inbound;
  }

  public String id() {
    return id;
  }

  RelayConnection connection() {
    return conn;
  }

  boolean isAccepting() {
    return accepting;
  }

  ClientState state() {
    return state;
  }

  long lastSeqSent() {
    return lastSeqSent;
  }

  void startedAtSeq(long seq) {
    joinedAtSeq = seq;
    lastSeqSent = seq;
  }

  /** The last event before this client's stream began (-1 before it joined): it gets every later one. */
  long joinedAtSeq() {
    return joinedAtSeq;
  }

  /**
   * Queues a frame; never blocks. Returns false when the client no longer takes frames or when
   * this frame would break its caps, in which case {@code onOverCap} is told.
   */
  boolean enqueue(OutboundFrame frame, OverCapHandler onOverCap) {
    if (!add(frame, onOverCap)) return false;
    dispatch();
    return true;
  }

  /**
   * As {@link #enqueue}, but the frame waits for {@link #flush}: the hub queues a round's events
   * and hands them to the socket once, so a burst costs one selector wake-up and one write per
   * client per round instead of one per event.
   */
  boolean enqueueDeferred(OutboundFrame frame, OverCapHandler onOverCap) {
    return add(frame, onOverCap);
  }

  /** Hands what {@link #enqueueDeferred} queued to the socket. */
  void flush() {
    if (!queue.isEmpty()) dispatch();
  }

  private boolean add(OutboundFrame frame, OverCapHandler onOverCap) {
    if (!accepting) {
      dropped.incrementAndGet();
      return false;
    }
    int size = frame.size();
    long bytes = queuedBytes.addAndGet(size);
    int frames = queuedFrames.incrementAndGet();
    if (bytes > config.clientQueueBytes() || frames > config.clientQueueFrames()) {
      queuedBytes.addAndGet(-size);
      queuedFrames.decrementAndGet();
      dropped.incrementAndGet();
      onOverCap.overCap(this, bytes, frames);
      return false;
    }
    queue.offer(frame);
    return true;
  }

  /** Sends the next frames if none of ours is on its way. Any thread. */
  private void dispatch() {
    while (writing.compareAndSet(false, true)) {
      OutboundFrame next = queue.poll();
      if (next != null) {
        send(WriteBatch.take(next, queue, scratch));
        return;
      }
      writing.set(false);
      if (queue.isEmpty()) return; // else a producer raced us: try again
    }
  }

  /**
   * Holding {@link #writing}: writes batches through to the socket while it takes them whole and
   * nothing waits ahead of them; a loop, not a recursion through {@link #onWritten}. Stops at the
   * first batch the socket does not take whole (the selector finishes it and carries on) or that
   * must queue behind the library's frames.
   */
  private void send(WriteBatch batch) {
    CountingChannel channel = conn.getChannel() instanceof CountingChannel c ? c : null;
    while (batch != null) {
      inFlight.set(batch); // before anyone can write it and report it
      CountingChannel.Through through = channel == null ? CountingChannel.Through.QUEUE : channel.writeThrough(batch.buffer);
      switch (through) {
        case WRITTEN -> {
          batch.recycle(); // taken whole here: its buffer serves this thread's next batch
          batch = next();
        }
        case PART_WRITTEN -> {
          writeDemand.run();
          return;
        }
        case QUEUE -> {
          if (hand(batch)) writeDemand.run();
          return;
        }
      }
    }
  }

  /** Holding {@link #writing}, our last batch written whole: the next batch, or null with {@link #writing} released. */
  private WriteBatch next() {
    while (true) {
      OutboundFrame f = queue.poll();
      if (f != null) return WriteBatch.take(f, queue, scratch);
      inFlight.set(null);
      writing.set(false);
      // A producer that found writing held left its frame to us: take it back unless another thread did.
      if (queue.isEmpty() || !writing.compareAndSet(false, true)) return null;
    }
  }

  /**
   * Gives the library {@code batch}. False once the connection is closing: the session takes no more
   * frames, the batch and the backlog are dropped and counted, and {@link #writing} stays held, so
   * nothing more is handed to a connection whose Close must be the last thing on the wire.
   */
  private boolean hand(WriteBatch batch) {
    inFlight.set(batch); // before the selector can write it and report it
    if (conn.offer(batch.buffer)) return true;
    refused(batch);
    return false;
  }

  /** The connection is closing: {@code batch} and the backlog are dropped and counted; {@link #writing} stays held. */
  private void refused(WriteBatch batch) {
    accepting = false;
    if (inFlight.compareAndSet(batch, null)) { // else the close took it and counted it
      batch.forEachPending(this::unqueued);
      dropped.addAndGet(batch.pendingFrames());
    }
    dropBacklog();
  }

  private void unqueued(OutboundFrame frame) {
    queuedBytes.addAndGet(-frame.size());
    queuedFrames.decrementAndGet();
  }

  /** Under the channel's lock: the socket took {@code n} bytes of {@code buffer}. True if it finished our batch. */
  @Override
  public boolean onWritten(ByteBuffer buffer, int n) {
    if (n <= 0) return false;
    long now = time.nanos();
    lastProgressNanos = now;
    bytesSent += n;
    writes.wrote(now, bytesSent);
    sends.bytes(n);
    WriteBatch batch = inFlight.get();
    if (batch == null || buffer != batch.buffer) return false; // the library's own frames (pings, close)
    dataBytesSent = bytesSent;
    batch.complete(written, now);
    return batch.finished();
  }

  /** Take the next frames while we are in the library's write loop: it writes them straight away. */
  @Override
  public void continueQueued() {
    WriteBatch next = next();
    if (next != null) hand(next);
  }

  @Override
  public ByteBuffer continueThrough() {
    WriteBatch next = next();
    if (next == null) return null;
    inFlight.set(next);
    if (conn.takesOurs()) return next.buffer;
    refused(next);
    return null;
  }

  private void frameWritten(OutboundFrame frame, long now) {
    long latency = now - frame.enqueuedNanos();
    sends.latency(latency);
    framesSent++;
    if (frame.seq() >= 0) lastSeqSent = frame.seq();
    queuedBytes.addAndGet(-frame.size());
    queuedFrames.decrementAndGet();
    sends.frame(frame, latency, now);
  }

  /** Drops everything queued but the frame the socket is part-way through. Returns frames dropped. */
  int dropBacklog() {
    int n = 0;
    OutboundFrame f;
    while ((f = queue.poll()) != null) {
      unqueued(f);
      n++;
    }
    dropped.addAndGet(n);
    return n;
  }

  /** Age of the oldest frame not yet fully written, in nanoseconds (0 when idle). */
  long oldestAgeNanos(long now) {
    long oldest = oldestEnqueuedNanos();
    return oldest == 0 ? 0 : now - oldest;
  }

  /** When the oldest frame not yet fully written was queued; 0 when idle. */
  long oldestEnqueuedNanos() {
    WriteBatch batch = inFlight.get();
    OutboundFrame f = batch == null ? null : batch.oldestPending();
    if (f == null) f = queue.peek();
    return f == null ? 0 : f.enqueuedNanos();
  }

  /** Monitor thread: whether the client is slow; see {@link ClientAssessment#assess}. */
  ClientAssessment.Verdict assess(long now, long pauseEnd) {
    return assessment.assess(now, pauseEnd);
  }

  /** The assessment moved the client's episode to {@code next}: set before its fact is journaled. */
  void episodeState(ClientState next) {
    state = next;
  }

  /** When the socket last took bytes of this connection (ours or the library's). */
  long lastProgressNanos() {
    return lastProgressNanos;
  }

  long queuedBytes() {
    return queuedBytes.get();
  }

  int queuedFrames() {
    return queuedFrames.get();
  }

  // --- the kernel's view and probe pings (monitor thread) ------------------------------------

  /** Bytes the socket has taken so far: read before a kernel sample. */
  long bytesSent() {
    return bytesSent;
  }

  /** Bytes the socket had taken when it last took bytes of our frames (pings and pongs after them aside). */
  long dataBytesSent() {
    return dataBytesSent;
  }

  ReadingWatch reading() {
    return reading;
  }

  /** Monitor thread: whether the evidence says the client read everything it was sent; see {@link ClientAssessment#readEverything}. */
  boolean readEverything(long now, long pauseEnd) {
    return assessment.readEverything(now, pauseEnd);
  }

  /** The relay's close, said more exactly once its cause is judged (before its Close is sent). */
  void amendCloseReason(String reason) {
    synchronized (this) {
      if ("relay".equals(closedBy) && !closeRecorded.get()) closeReason = reason;
    }
  }

  /** Stops taking frames and marks the close we asked for. False if a close already began. */
  boolean beginClose(int code, String reason) {
    synchronized (this) {
      if (state == ClientState.CLOSING || state == ClientState.CLOSED) return false;
      accepting = false;
      state = ClientState.CLOSING;
      closeCode = code;
      closeReason = reason;
      closedBy = "relay";
    }
    return true;
  }

  /** The client's Close frame arrived: its code and reason are the close's, unless we began closing first. */
  void closedByClient(int code, String reason) {
    synchronized (this) {
      if (closeCode < 0) {
        closeCode = code;
        closeReason = reason == null ? "" : reason;
        closedBy = "client";
      }
    }
  }

  /** Who ended the connection: {@code relay}, {@code client} (it sent its Close) or {@code connection} (no Close: it went). */
  String closedBy() {
    return closedBy;
  }

  /** The connection ended (any thread). Returns true the first time. */
  boolean markClosed(int code, String reason) {
    if (!closeRecorded.compareAndSet(false, true)) return false;
    synchronized (this) {
      accepting = false;
      if (closeCode < 0) {
        closeCode = code;
        closeReason = reason == null ? "" : reason;
      }
      state = ClientState.CLOSED;
      closedAtMillis = time.millis();
      if (closedBy.isEmpty()) closedBy = "connection";
    }
    keepalive.cancel();
    dropBacklog();
    // The connection is gone, so is the frame it was part-way through.
    WriteBatch batch = inFlight.getAndSet(null);
    if (batch != null) dropped.addAndGet(batch.pendingFrames());
    queuedBytes.set(0);
    queuedFrames.set(0);
    return true;
  }

  /** Its pings and pongs: the keepalive thread and the pong callbacks go there. */
  ClientKeepalive keepalive() {
    return keepalive;
  }

  /** The send figures since the last interval taken; see {@link SendAccounting#takeInterval}. */
  long[] takeSendInterval(boolean last) {
    return sends.takeInterval(last);
  }

  ClientStats stats(long relayLastSeq) {
    long now = time.nanos();
    long lastPong = keepalive.lastPongNanos();
    long lastSeq = lastSeqSent;
    return new ClientStats(
        id,
        remoteAddress,
        userAgent,
        path,
        connectedAtMillis,
        state,
        queuedFrames.get(),
        queuedBytes.get(),
        oldestAgeNanos(now) / 1e6,
        sends.latencySummary(),
        keepalive.rttSummary(),
        lastPong == 0 ? -1 : (now - lastPong) / 1e6,
        keepalive.pingsSent(),
        keepalive.missedPongs(),
        framesSent,
        bytesSent,
        lastSeq,
        state == ClientState.CLOSED ? 0 : Math.max(0, relayLastSeq - lastSeq),
        dropped.get(),
        closeCode,
        closeReason,
        closedAtMillis,
        reading.unreadBytes(),
        assessment.health());
  }

  /** Called by the hub when a frame would break the caps. */
  @FunctionalInterface
  interface OverCapHandler {
    void overCap(ClientSession session, long bytes, int frames);
  }
}
