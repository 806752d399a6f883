package io.relayscope.ingest;

import io.relayscope.event.InputSink;
import io.relayscope.event.RawInput;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
  private volatile AFUNIXDatagramSocket socket;
  private volatile Object boundInode;
  private ScheduledExecutorService watch;
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
      socket = bind();
      bound = true;
    } catch (IOException e) {
      close();
      throw new IngestException("cannot bind event socket " + path + ": " + e.getMessage(), e);
    }
    counters.active(true);
    watch = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "relay-ingest-watch");
      t.setDaemon(true);
      return t;
    });
    watch.scheduleWithFixedDelay(this::checkSocketFile, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    journal.append(FactKind.INGEST_BOUND, SOURCE, Map.of("path", path.toString(), "mode", SocketFile.format(mode)));
    thread = new Thread(this::receiveLoop, "relay-ingest-datagram");
    thread.setDaemon(true);
    thread.setPriority(Thread.MAX_PRIORITY);
    thread.start();
  }

  /** How often the socket file is checked: deleted or replaced under us, it is bound again. */
  static final long WATCH_MILLIS = 1000;

  private AFUNIXDatagramSocket bind() throws IOException {
    var s = AFUNIXDatagramSocket.newInstance();
    // We remove the file ourselves; closing an old socket must not delete a new socket's file.
    s.setDeleteOnClose(false);
    try {
      s.bind(AFUNIXSocketAddress.of(path));
      Files.setPosixFilePermissions(path, mode);
      boundInode = inode();
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  private Object inode() {
    try {
      return Files.getAttribute(path, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Someone removed (or replaced) the socket file: engines can no longer reach us by name although
   * our socket is alive. Bind a fresh one at the path — unless another live socket or a file that
   * is not a socket is there now, which is never ours to remove: then we stay unbound, and say so.
   */
  private void checkSocketFile() {
    if (closing) return;
    try {
      Object now = inode();
      if (now != null && now.equals(boundInode)) {
        problem = null;
        return;
      }
      String what = now == null ? "deleted" : "replaced";
      try {
        if (now != null) SocketFile.claim(path); // a stale file in the way: remove it; a live one: refuse
        AFUNIXDatagramSocket old = socket;
        socket = bind();
        old.close(); // the receive loop moves on to the new socket
        problem = null;
        log.warn("event socket {} was {}; bound it again", path, what);
        journal.append(FactKind.INGEST_WARNING, SOURCE, Map.of("path", path.toString(),
            "error", "socket file " + what + " under the relay; bound again"));
      } catch (IngestException | IOException e) {
        String why = "event socket " + path + " " + what + " and not bound again: " + e.getMessage();
        if (!why.equals(problem)) {
          journal.append(FactKind.INGEST_WARNING, SOURCE, Map.of("path", path.toString(), "error", why));
          log.warn("{}", why);
        }
        problem = why;
      }
    } catch (Throwable t) {
      // Never let the watch's schedule end: a task that throws is silently cancelled.
      problem = "event socket watch failed: " + t;
      journal.append(FactKind.INGEST_WARNING, SOURCE, Map.of("path", path.toString(), "error", problem));
    }
  }

  private volatile String problem;

  /**
   * Why the event socket is not receivable by its path (null when it is): the path must be the very
   * socket we bound, compared by inode. A deleted socket is bound again within {@link #WATCH_MILLIS}.
   */
  public String problem() {
    if (!counters.active()) return "event socket " + path + " is not bound";
    Object now = inode();
    if (now == null) return "event socket " + path + " was deleted";
    if (!now.equals(boundInode)) {
      String p = problem;
      return p != null ? p : "event socket " + path + " was replaced by another file";
    }
    return null;
  }

  private long failures; // the receive thread's
  private long received; // the receive thread's: numbers each input

  private void receiveLoop() {
    // One byte more than we accept: a datagram that fills the buffer was cut by the kernel.
    byte[] buffer = new byte[maxBytes + 1];
    var packet = new DatagramPacket(buffer, buffer.length);
    while (!closing && receiveOne(buffer, packet)) {
      // receiveOne is a method of its own so that it is compiled once hot: this loop, entered once,
      // is compiled only after enough back-edges, and a profile found it still interpreted.
    }
    counters.active(false);
  }

  /** Receives one datagram and hands it on; false when the ingest is closing. */
  private boolean receiveOne(byte[] buffer, DatagramPacket packet) {
    AFUNIXDatagramSocket current = socket;
    try {
      packet.setLength(buffer.length);
      current.receive(packet);
    } catch (SocketTimeoutException e) {
      if (closing) return false;
      if (socket != current) return true;
      // junixsocket reports a zero-length datagram this way (we set no timeout): it is an input
      // like any other, rejected downstream as empty, and the loop goes on.
      packet.setLength(0);
    } catch (IOException | RuntimeException | Error e) {
      // Any failure, even an Error: count it and go on receiving (with -XX:+ExitOnOutOfMemoryError
      // an OutOfMemoryError never gets here, the JVM exits).
      if (closing) return false;
      if (socket != current) return true; // bound again by the watch: receive on the new socket
      failures++;
      if (failures <= 10 || failures % 1000 == 0) {
        log.error("event socket receive failed ({} so far): {}", failures, e.toString());
        journal.append(FactKind.INGEST_WARNING, SOURCE, Map.of("error", e.toString(), "failures", failures));
      }
      // Never give up on ingest: pause briefly (a closed socket is rebound by the watch) and retry.
      LockSupport.parkNanos(10_000_000);
      return true;
    }
    long nanos = System.nanoTime();
    long millis = System.currentTimeMillis();
    int len = packet.getLength();
    boolean tooLarge = len > maxBytes;
    counters.countReceived();
    try {
      byte[] bytes = Arrays.copyOf(buffer, tooLarge ? 120 : len);
      if (!sink.offer(new RawInput(SOURCE, ++received, nanos, millis, bytes, len, tooLarge))) {
        counters.countHandoffFull();
      }
    } catch (RuntimeException | Error e) {
      // This datagram is lost, counted and journaled; the loop goes on.
      failures++;
      counters.countHandoffFull();
      journal.append(FactKind.INGEST_WARNING, SOURCE, Map.of("error", "hand-off failed: " + e, "failures", failures));
    }
    return true;
  }

  public IngestCounters counters() {
    return counters;
  }

  public Path path() {
    return path;
  }

  /** The receive thread is running. */
  public boolean receiving() {
    return thread != null && thread.isAlive();
  }

  @Override
  public void close() {
    closing = true;
    if (watch != null) watch.shutdownNow();
    closeQuietly();
    if (thread != null) {
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (bound && boundInode != null && boundInode.equals(inode())) {
      SocketFile.remove(path); // only the socket we bound: never one another process put there since
    }
    counters.active(false);
  }

  private void closeQuietly() {
    if (socket != null) {
      socket.close();
    }
  }
}
