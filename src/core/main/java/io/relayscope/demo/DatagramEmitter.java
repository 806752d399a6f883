package io.relayscope.demo;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Sends JSON datagrams to a Unix socket the way statemachine-engine does: {@code connect()} then
 * non-blocking {@code send()}; a full receiver queue ({@code EAGAIN}) loses the datagram, and is
 * counted.
 */
public final class DatagramEmitter implements AutoCloseable {
  private final AFUNIXDatagramChannel channel;
  private long sent;
  private long lost;

  private DatagramEmitter(AFUNIXDatagramChannel channel) {
    this.channel = channel;
  }

  /** Connects to {@code socket}; the message says what is wrong in one line. */
  public static DatagramEmitter connect(Path socket) throws IOException {
    if (!Files.exists(socket)) throw new IOException("no socket at " + socket);
    var ch = AFUNIXDatagramChannel.open();
    try {
      ch.connect(AFUNIXSocketAddress.of(socket));
      ch.configureBlocking(false);
    } catch (SocketException e) {
      ch.close();
      throw new IOException("nothing is listening on " + socket + " (" + e.getMessage() + ")", e);
    }
    return new DatagramEmitter(ch);
  }

  /** Returns false if the datagram was lost (EAGAIN). */
  public boolean send(byte[] datagram) throws IOException {
    int n = channel.write(ByteBuffer.wrap(datagram));
    if (n == 0) {
      lost++;
      return false;
    }
    sent++;
    return true;
  }

  public long sent() {
    return sent;
  }

  public long lost() {
    return lost;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
