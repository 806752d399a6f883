package io.relayscope.relay;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * The frames of one client handed to Java-WebSocket in one buffer. Under load, many small frames
 * go out in one socket write instead of one write each; a lone frame is written from the shared
 * encoding without a copy. Frames complete (and their send latency is measured) as the socket
 * takes the bytes up to each frame's end.
 *
 * <p>Made once per write of every client, so it allocates little: a lone frame (most writes below a
 * few thousand events a second) needs no arrays, a batch's frames are gathered in its session's
 * scratch array and copied out at their exact count (a 64-slot array per batch was most of its
 * garbage), and its bytes go into a buffer lent by the building thread ({@link #recycle}: a batch the
 * socket took whole gives it back; under load a new buffer per batch was most of the relay's garbage).
 */
final class WriteBatch {
  static final int MAX_FRAMES = 64;
  static final int MAX_BYTES = 64 * 1024;

  final ByteBuffer buffer;
  private final OutboundFrame lone; // null for a batch
  private final OutboundFrame[] frames; // null for a lone frame
  private final int[] ends;
  private volatile int done;
  /** The building thread's spare: only the thread that built the batch may give it back. */
  private static final ThreadLocal<ByteBuffer> SPARE = new ThreadLocal<>();
  private static final int SPARE_MIN_BYTES = 8 * 1024;
  private Thread lentBy; // the thread whose spare {@link #buffer} is, or null

  private WriteBatch(ByteBuffer buffer, OutboundFrame lone, OutboundFrame[] frames, int[] ends) {
    this.buffer = buffer;
    this.lone = lone;
    this.frames = frames;
    this.ends = ends;
  }

  /** A scratch array for {@link #take}: one per session, used only while it holds its write. */
  static OutboundFrame[] scratch() {
    return new OutboundFrame[MAX_FRAMES];
  }

  /** Starts with {@code first} and takes more from {@code queue} while they fit, gathering them in {@code scratch}. */
  static WriteBatch take(OutboundFrame first, Queue<OutboundFrame> queue, OutboundFrame[] scratch) {
    if (first.size() >= MAX_BYTES || queue.isEmpty()) return lone(first);
    scratch[0] = first;
    int count = 1;
    int total = first.size();
    while (count < MAX_FRAMES) {
      OutboundFrame next = queue.peek();
      if (next == null || total + next.size() > MAX_BYTES) break;
      next = queue.poll();
      if (next == null) break;
      scratch[count++] = next;
      total += next.size();
    }
    if (count == 1) {
      scratch[0] = null;
      return lone(first);
    }
    ByteBuffer buffer = lend(total);
    var ends = new int[count];
    for (int i = 0; i < count; i++) {
      buffer.put(scratch[i].shared().duplicate());
      ends[i] = buffer.position();
    }
    buffer.flip();
    OutboundFrame[] frames = Arrays.copyOf(scratch, count);
    Arrays.fill(scratch, 0, count, null); // the session's scratch must not keep frames alive
    var batch = new WriteBatch(buffer, null, frames, ends);
    batch.lentBy = Thread.currentThread();
    return batch;
  }

  /**
   * The building thread's spare buffer, taken from it (it is this batch's alone until given back), or a
   * new one when it has none big enough. Its limit is {@code bytes}.
   */
  private static ByteBuffer lend(int bytes) {
    ByteBuffer b = SPARE.get();
    if (b == null || b.capacity() < bytes) {
      b = ByteBuffer.allocate(Math.min(MAX_BYTES, Math.max(SPARE_MIN_BYTES, Integer.highestOneBit(bytes - 1) << 1)));
      if (b.capacity() < bytes) b = ByteBuffer.allocate(bytes); // a lone frame over the cap never gets here; be safe
    } else {
      SPARE.remove();
    }
    b.clear().limit(bytes);
    return b;
  }

  /**
   * The socket took this batch whole, on the thread that built it, and nothing else holds its buffer
   * (not the library's queue, not a remainder): the buffer goes back to that thread for its next
   * batch. Anywhere else the buffer is simply left to the collector.
   */
  void recycle() {
    if (lentBy != Thread.currentThread() || buffer.hasRemaining()) return;
    lentBy = null;
    SPARE.set(buffer);
  }

  private static WriteBatch lone(OutboundFrame frame) {
    return new WriteBatch(frame.shared().duplicate(), frame, null, null);
  }

  private int count() {
    return frames == null ? 1 : frames.length;
  }

  private OutboundFrame frame(int i) {
    return frames == null ? lone : frames[i];
  }

  private int end(int i) {
    return ends == null ? buffer.limit() : ends[i];
  }

  /** Reports each frame the socket has now taken whole, at {@code now}. Under the channel's write lock only. */
  void complete(FrameDone onDone, long now) {
    int d = done;
    int pos = buffer.position();
    int n = count();
    while (d < n && pos >= end(d)) {
      onDone.frameWritten(frame(d), now);
      d++;
    }
    done = d;
  }

  /** The oldest frame not yet fully written, or null. */
  OutboundFrame oldestPending() {
    int d = done;
    return d < count() ? frame(d) : null;
  }

  /** Each frame not yet fully written, oldest first. */
  void forEachPending(Consumer<OutboundFrame> action) {
    for (int i = done; i < count(); i++) action.accept(frame(i));
  }

  /** Frames not yet fully written. */
  int pendingFrames() {
    return count() - done;
  }

  boolean finished() {
    return !buffer.hasRemaining();
  }

  @FunctionalInterface
  interface FrameDone {
    void frameWritten(OutboundFrame frame, long now);
  }
}
