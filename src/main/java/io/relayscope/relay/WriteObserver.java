package io.relayscope.relay;

import java.nio.ByteBuffer;

/** Told, on the selector thread, how many bytes of a buffer the socket just took. */
interface WriteObserver {
  void onWritten(ByteBuffer buffer, int bytes);
}
