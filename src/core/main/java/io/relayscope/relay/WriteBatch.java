package io.relayscope.relay;

import java.nio.ByteBuffer;
import java.util.Queue;

/**
 * The frames of one client handed to Java-WebSocket in one buffer. Under load, many small frames
 * go out in one socket write instead of one write each; a lone frame is written from the shared
 * encoding without a copy. Frames complete (and their send latency is measured) as the socket
 * takes the bytes up to each frame's end.
 */
final class WriteBatch {
  static final int MAX_FRAMES = 64;
  static final int MAX_BYTES = 64 * 1024;

  final ByteBuffer buffer;
  private final OutboundFrame[] frames;
  private final int[] ends;
  private volatile int done;

  private WriteBatch(ByteBuffer buffer, OutboundFrame[] frames, int[] ends) {
    this.buffer = buffer;
    this.frames = frames;
    this.ends = ends;
  }

  /** Starts with {@code first} and takes more from {@code queue} while they fit. */
  static WriteBatch take(OutboundFrame first, Queue<OutboundFrame> queue) {
    if (first.size() >= MAX_BYTES || queue.isEmpty()) return single(first);
    var frames = new OutboundFrame[MAX_FRAMES];
    frames[0] = first;
    int count = 1;
    int total = first.size();
    while (count < MAX_FRAMES) {
      OutboundFrame next = queue.peek();
      if (next == null || total + next.size() > MAX_BYTES) break;
      next = queue.poll();
      if (next == null) break;
      frames[count++] = next;
      total += next.size();
    }
    if (count == 1) return single(first);
    var buffer = ByteBuffer.allocate(total);
    var ends = new int[count];
    for (int i = 0; i < count; i++) {
      buffer.put(frames[i].shared().duplicate());
      ends[i] = buffer.position();
    }
    buffer.flip();
    return new WriteBatch(buffer, java.util.Arrays.copyOf(frames, count), ends);
  }

  private static WriteBatch single(OutboundFrame frame) {
    return new WriteBatch(frame.shared().duplicate(), new OutboundFrame[] {frame}, new int[] {frame.size()});
  }

  /** Reports each frame the socket has now taken whole. Under the channel's write lock only. */
  void complete(FrameDone onDone) {
    int d = done;
    int pos = buffer.position();
    while (d < frames.length && pos >= ends[d]) {
      onDone.frameWritten(frames[d]);
      d++;
    }
    done = d;
  }

  /** The oldest frame not yet fully written, or null. */
  OutboundFrame oldestPending() {
    int d = done;
    return d < frames.length ? frames[d] : null;
  }

  /** Each frame not yet fully written, oldest first. */
  void forEachPending(java.util.function.Consumer<OutboundFrame> action) {
    for (int i = done; i < frames.length; i++) action.accept(frames[i]);
  }

  /** Frames not yet fully written. */
  int pendingFrames() {
    return frames.length - done;
  }

  boolean finished() {
    return !buffer.hasRemaining();
  }

  @FunctionalInterface
  interface FrameDone {
    void frameWritten(OutboundFrame frame);
  }
}
