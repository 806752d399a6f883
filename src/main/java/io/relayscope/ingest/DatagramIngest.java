package io.relayscope.ingest;

import io.relayscope.event.InputSink;
import io.relayscope.event.RawInput;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import java.io.IOException;
import java.net.DatagramPacket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives engine events on the AF_UNIX datagram socket. Its thread only receives, stamps and hands
 * off: the kernel queues just ~10 datagrams, so any other work here would make engines lose events.
 */
public final class DatagramIngest implements AutoCloseable {
  public static final String SOURCE = "datagram";
  private static final Logger log = LoggerFactory.getLogger(DatagramIngest.class);

  private final Path path;
  private final Set<PosixFilePermission> mode;
  private final int maxBytes;
  private final InputSink sink;
  private final Journal journal;
  private final IngestCounters counters = new IngestCounters();
  private AFUNIXDatagramSocket socket;
  private Thread thread;
  private volatile boolean closing;
  private boolean bound;

  public DatagramIngest(Path path, Set<PosixFilePermission> mode, int maxBytes, InputSink sink, Journal journal) {
    this.path = path;
    this.mode = mode;
    this.maxBytes = maxBytes;
    this.sink = sink;
    this.journal = journal;
  }

  /** Binds the socket and starts receiving. */
  public void start() throws IngestException {
    SocketFile.claim(path);
    try {
      socket = AFUNIXDatagramSocket.newInstance();
      socket.bind(AFUNIXSocketAddress.of(path));
      bound = true;
      Files.setPosixFilePermissions(path, mode);
    } catch (IOException e) {
      close();
      throw new IngestException("cannot bind event socket " + path + ": " + e.getMessage(), e);
    }
    counters.active(true);
    journal.append(FactKind.INGEST_BOUND, SOURCE, Map.of("path", path.toString(), "mode", SocketFile.format(mode)));
    thread = new Thread(this::receiveLoop, "relay-ingest-datagram");
    thread.setDaemon(true);
    thread.setPriority(Thread.MAX_PRIORITY);
    thread.start();
  }

  private void receiveLoop() {
    // One byte more than we accept: a datagram that fills the buffer was cut by the kernel.
    byte[] buffer = new byte[maxBytes + 1];
    var packet = new DatagramPacket(buffer, buffer.length);
    long count = 0;
    while (!closing) {
      try {
        packet.setLength(buffer.length);
        socket.receive(packet);
      } catch (IOException e) {
        if (!closing) {
          log.error("event socket receive failed: {}", e.toString());
          journal.append(FactKind.INGEST_WARNING, SOURCE, Map.of("error", e.toString()));
        }
        break;
      }
      long nanos = System.nanoTime();
      long millis = System.currentTimeMillis();
      int len = packet.getLength();
      boolean tooLarge = len > maxBytes;
      byte[] bytes = Arrays.copyOf(buffer, tooLarge ? 120 : len);
      counters.received(millis);
      if (!sink.offer(new RawInput(SOURCE, ++count, nanos, millis, bytes, len, tooLarge))) {
        counters.countHandoffFull();
      }
    }
    counters.active(false);
  }

  public IngestCounters counters() {
    return counters;
  }

  public Path path() {
    return path;
  }

  public boolean isBound() {
    return counters.active();
  }

  @Override
  public void close() {
    closing = true;
    closeQuietly();
    if (thread != null) {
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (bound) {
      SocketFile.remove(path); // never another relay's file: only the one we bound
    }
    counters.active(false);
  }

  private void closeQuietly() {
    if (socket != null) {
      socket.close();
    }
  }
}
