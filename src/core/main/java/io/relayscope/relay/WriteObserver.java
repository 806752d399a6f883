package io.relayscope.relay;

import java.nio.ByteBuffer;

/** Told what the socket took, and asked what of ours comes next. Always under the channel's write lock. */
interface WriteObserver {
  /** The socket just took {@code bytes} of {@code buffer}. True if it was a batch of ours, now written whole. */
  boolean onWritten(ByteBuffer buffer, int bytes);

  /** Our batch finished inside the library's write loop: the next goes into the library's queue (selector thread). */
  void continueQueued();

  /** Our part-written batch finished with the library's queue empty: the next batch to write straight behind it, or null. */
  ByteBuffer continueThrough();
}
