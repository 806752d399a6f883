package io.relayscope.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** A batch completes each frame exactly when the socket has taken its last byte, lone or gathered. */
class WriteBatchTest {
  private static OutboundFrame frame(int seq, int bytes) {
    return new OutboundFrame(ByteBuffer.wrap(new byte[bytes]).asReadOnlyBuffer(), seq, seq);
  }

  @Test
  void aLoneFrameIsWrittenFromItsSharedEncodingAndCompletesOnItsLastByte() {
    var queue = new ConcurrentLinkedQueue<OutboundFrame>();
    var f = frame(1, 100);
    var batch = WriteBatch.take(f, queue, WriteBatch.scratch());
    var done = new ArrayList<OutboundFrame>();
    batch.buffer.position(99);
    batch.complete((frame, now) -> done.add(frame), 0);
    assertEquals(List.of(), done);
    assertSame(f, batch.oldestPending());
    batch.buffer.position(100);
    batch.complete((frame, now) -> done.add(frame), 0);
    assertEquals(List.of(f), done);
    assertNull(batch.oldestPending());
    assertEquals(0, batch.pendingFrames());
    assertTrue(batch.finished());
  }

  @Test
  void gatheredFramesCompleteInOrderAsTheSocketTakesThemAndTheScratchKeepsNone() {
    var queue = new ConcurrentLinkedQueue<OutboundFrame>();
    var first = frame(1, 10);
    var second = frame(2, 20);
    var third = frame(3, 30);
    queue.add(second);
    queue.add(third);
    OutboundFrame[] scratch = WriteBatch.scratch();
    var batch = WriteBatch.take(first, queue, scratch);
    assertTrue(queue.isEmpty());
    assertEquals(60, batch.buffer.remaining());
    assertTrue(Arrays.stream(scratch).allMatch(Objects::isNull), "a frame left in the scratch would outlive its batch");

    var done = new ArrayList<Long>();
    batch.buffer.position(29); // the first whole, the second one byte short
    batch.complete((frame, now) -> done.add(frame.seq()), 0);
    assertEquals(List.of(1L), done);
    assertEquals(2, batch.pendingFrames());
    var pending = new ArrayList<Long>();
    batch.forEachPending(f -> pending.add(f.seq()));
    assertEquals(List.of(2L, 3L), pending);
    batch.buffer.position(60);
    batch.complete((frame, now) -> done.add(frame.seq()), 0);
    assertEquals(List.of(1L, 2L, 3L), done);
    assertTrue(batch.finished());
  }

  @Test
  void aBatchTakenWholeGivesItsBufferBackToTheThreadThatBuiltItAndOnlyThen() throws Exception {
    var queue = new ConcurrentLinkedQueue<OutboundFrame>();
    queue.add(frame(2, 20));
    var first = WriteBatch.take(frame(1, 10), queue, WriteBatch.scratch());
    queue.add(frame(4, 20));
    var unfinished = WriteBatch.take(frame(3, 10), queue, WriteBatch.scratch());
    assertTrue(first.buffer != unfinished.buffer, "a lent buffer is one batch's alone");

    unfinished.recycle(); // not taken whole: kept by whoever writes it later, never lent again
    queue.add(frame(6, 20));
    var third = WriteBatch.take(frame(5, 10), queue, WriteBatch.scratch());
    assertTrue(third.buffer != unfinished.buffer);

    first.buffer.position(first.buffer.limit());
    var elsewhere = new Thread(first::recycle); // another thread's write: not the builder's to give back
    elsewhere.start();
    elsewhere.join();
    queue.add(frame(8, 20));
    assertTrue(WriteBatch.take(frame(7, 10), queue, WriteBatch.scratch()).buffer != first.buffer);

    third.buffer.position(third.buffer.limit());
    third.recycle();
    queue.add(frame(10, 20));
    var reused = WriteBatch.take(frame(9, 10), queue, WriteBatch.scratch());
    assertSame(third.buffer, reused.buffer, "taken whole on the builder's thread: its buffer serves the next batch");
    assertEquals(30, reused.buffer.remaining());
    assertEquals(9, reused.oldestPending().seq());
  }
}
