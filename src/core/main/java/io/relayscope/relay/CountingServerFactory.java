package io.relayscope.relay;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;

/**
 * Gives every connection a {@link CountingChannel} and a small kernel send buffer, so that a client
 * that stops reading shows up in our own queue figures at once rather than after megabytes of
 * kernel buffering. Their ends are the lingering close's ({@link LingeringCloses}).
 */
final class CountingServerFactory implements WebSocketServerFactory {
  private final int sendBufferBytes;
  private final java.util.function.Consumer<WebSocketImpl> onAccept;
  private final LingeringCloses lingering;

  CountingServerFactory(int sendBufferBytes, java.util.function.Consumer<WebSocketImpl> onAccept, LingeringCloses lingering) {
    this.sendBufferBytes = sendBufferBytes;
    this.onAccept = onAccept;
    this.lingering = lingering;
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter a, Draft d) {
    return new RelayConnection(a, d);
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter a, List<Draft> drafts) {
    return new RelayConnection(a, drafts);
  }

  @Override
  public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
    if (sendBufferBytes > 0) channel.setOption(StandardSocketOptions.SO_SNDBUF, sendBufferBytes);
    if (key.attachment() instanceof WebSocketImpl conn) onAccept.accept(conn); // starts its handshake clock
    return new CountingChannel(channel, key.attachment() instanceof RelayConnection rc ? rc : null, lingering);
  }

  @Override
  public void close() {
    // nothing pooled
  }
}
