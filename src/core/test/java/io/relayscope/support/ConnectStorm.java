package io.relayscope.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Many WebSocket handshakes at once, from one thread with non-blocking sockets. */
public final class ConnectStorm {
  private static final String UPGRADE = "GET /ws/events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

  private ConnectStorm() {}

  /** Non-blocking connects from one thread, so all {@code n} are in flight at once. Outcome -> count. */
  public static Map<String, Integer> run(int port, int n, Duration deadline) throws IOException {
    var outcomes = new HashMap<String, Integer>();
    byte[] request = UPGRADE.getBytes(StandardCharsets.US_ASCII);
    try (Selector selector = Selector.open()) {
      List<SocketChannel> channels = new ArrayList<>();
      try {
        for (int i = 0; i < n; i++) {
          SocketChannel ch = SocketChannel.open();
          ch.configureBlocking(false);
          channels.add(ch);
          try {
            if (ch.connect(new InetSocketAddress("127.0.0.1", port))) {
              ch.register(selector, SelectionKey.OP_WRITE, ByteBuffer.allocate(16));
            } else {
              ch.register(selector, SelectionKey.OP_CONNECT, ByteBuffer.allocate(16));
            }
          } catch (IOException e) {
            outcomes.merge("connect: " + e.getMessage(), 1, Integer::sum);
          }
        }
        long end = System.nanoTime() + deadline.toNanos();
        int done = outcomes.values().stream().mapToInt(Integer::intValue).sum();
        while (done < n && System.nanoTime() < end) {
          selector.select(200);
          var it = selector.selectedKeys().iterator();
          while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            var ch = (SocketChannel) key.channel();
            var head = (ByteBuffer) key.attachment();
            String outcome = null;
            try {
              if (key.isConnectable()) {
                ch.finishConnect();
                key.interestOps(SelectionKey.OP_WRITE);
              } else if (key.isWritable()) {
                ch.write(ByteBuffer.wrap(request)); // small: the kernel takes it whole
                key.interestOps(SelectionKey.OP_READ);
              } else if (key.isReadable()) {
                int r = ch.read(head);
                if (r < 0 || !head.hasRemaining()) {
                  String text = new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII);
                  outcome = text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? text.substring(9, 12) : "closed: " + text;
                }
              }
            } catch (IOException e) {
              outcome = "error: " + e.getMessage();
            }
            if (outcome != null) {
              outcomes.merge(outcome, 1, Integer::sum);
              key.cancel();
              done++;
            }
          }
        }
        if (done < n) outcomes.put("unanswered", n - done);
      } finally {
        for (SocketChannel ch : channels) ch.close();
      }
    }
    return outcomes;
  }

  /** TcpExt ListenOverflows: connects the kernel dropped because an accept queue was full (all sockets). */
  public static long listenOverflows() throws IOException {
    var lines = Files.readAllLines(Path.of("/proc/net/netstat"));
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (!lines.get(i).startsWith("TcpExt:")) continue;
      var names = lines.get(i).split(" ");
      var values = lines.get(i + 1).split(" ");
      for (int k = 0; k < names.length; k++) if (names[k].equals("ListenOverflows")) return Long.parseLong(values[k]);
    }
    return -1;
  }
}
