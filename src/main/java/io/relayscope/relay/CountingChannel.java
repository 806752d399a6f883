package io.relayscope.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;

/**
 * The client's socket as Java-WebSocket sees it. Reports every write to the client's session:
 * this is how send latency and write progress are measured from bytes the kernel actually took.
 */
final class CountingChannel implements ByteChannel {
  private final SocketChannel socket;
  private volatile WriteObserver observer;

  CountingChannel(SocketChannel socket) {
    this.socket = socket;
  }

  void observe(WriteObserver o) {
    this.observer = o;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    int n = socket.write(src);
    WriteObserver o = observer;
    if (o != null) o.onWritten(src, n);
    return n;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return socket.read(dst);
  }

  @Override
  public boolean isOpen() {
    return socket.isOpen();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
