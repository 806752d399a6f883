package io.relayscope.relay;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.framing.Framedata;

/**
 * Java-WebSocket's connection, taking our frames only while it is open. The library sends its close
 * frame and leaves the open state inside {@code close}, which holds this object's monitor; {@link
 * #offer} and {@link #offerControl} hold it too, so nothing of ours — data, pings, pongs — can be
 * queued behind the close frame. (Frames written after it reached a client that had already shut its
 * socket: the client saw 1006 instead of its own 1000, and so did the relay.) {@link #takesOurs}
 * does the same for our write-through.
 */
final class RelayConnection extends WebSocketImpl {

  RelayConnection(WebSocketListener listener, Draft draft) {
    super(listener, draft);
  }

  RelayConnection(WebSocketListener listener, List<Draft> drafts) {
    super(listener, drafts);
  }

  // What the workers decoded of what the selector read, and what waits for it (under inputLock).
  private final Object inputLock = new Object();
  private long decoded; // buffers decoded, one per read that brought bytes
  private long awaited; // decoded must reach this before afterInput runs
  private Runnable afterInput;
  private Consumer<UnreadClose.Close> closeFound;
  private UnreadClose.Close skippedClose; // a Close the library did not decode, found before anyone asked

  /**
   * A worker thread decodes what the selector read. Watched, so that the end of a connection the
   * selector saw first can wait for the client's Close in input not yet decoded ({@link #afterInput}).
   * Once the library is no longer open it decodes no frames: then this input is searched for the
   * client's Close here, before its buffer goes back to the library's pool.
   */
  @Override
  public void decode(ByteBuffer socketBuffer) {
    // Taken before the decode: a view made afterwards at the same start did not read back the same
    // input (tried: CloseThenEndTest then failed with Close reasons that were not UTF-8).
    ByteBuffer mine = socketBuffer.duplicate();
    try {
      super.decode(socketBuffer);
    } finally {
      // The library decodes frames only while open: a 1006 end begins by marking the connection closing,
      // and a worker that reached the client's Close just then skipped it. Looked for here, whoever asks.
      ReadyState after = getReadyState();
      UnreadClose.Close skipped = after == ReadyState.OPEN || after == ReadyState.NOT_YET_CONNECTED ? null
          : UnreadClose.in(getDraft(), mine).orElse(null);
      Runnable then = null;
      Consumer<UnreadClose.Close> found;
      synchronized (inputLock) {
        decoded++;
        found = closeFound;
        if (found == null && skipped != null) skippedClose = skipped;
        if (afterInput != null && decoded >= awaited) {
          then = afterInput;
          afterInput = null;
          closeFound = null;
        }
      }
      if (found != null && skipped != null) found.accept(skipped);
      if (then != null) then.run();
    }
  }

  /**
   * Runs {@code task} once every buffer the selector has read from this connection so far is decoded
   * (counted, not looked for in the in-queue: a worker may have taken one and not begun on it): now
   * when none is left, else on the worker after the last. A client's Close found in that input goes
   * to {@code closeFound} first. Returns whether it ran now. The selector thread's, after its last read.
   */
  boolean afterInput(Consumer<UnreadClose.Close> closeFound, Runnable task) {
    long reads = getChannel() instanceof CountingChannel c ? c.inputReads() : 0;
    synchronized (inputLock) {
      // Under the lock, so that it is recorded before the task, whichever thread runs that.
      if (skippedClose != null) closeFound.accept(skippedClose);
      skippedClose = null;
      if (decoded < reads) {
        this.awaited = reads;
        this.closeFound = closeFound;
        this.afterInput = task;
        return false;
      }
    }
    task.run();
    return true;
  }

  /** Queues {@code frames} for the selector thread to write; false once the connection is closing. */
  synchronized boolean offer(ByteBuffer frames) {
    if (getReadyState() != ReadyState.OPEN) return false;
    outQueue.add(frames);
    return true;
  }

  /**
   * Whether a write-through of ours may go on the wire now. Under the monitor, so it is false from the
   * moment {@code close} begins to queue the Close frame: our bytes can precede it, never follow it.
   */
  synchronized boolean takesOurs() {
    return getReadyState() == ReadyState.OPEN;
  }

  /** Sends a control frame of ours (a ping); false once the connection is closing. */
  synchronized boolean offerControl(Framedata frame) {
    if (getReadyState() != ReadyState.OPEN) return false;
    sendFrame(frame);
    return true;
  }
}
