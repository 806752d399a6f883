package io.relayscope.ingest;

import io.relayscope.event.InputSink;
import io.relayscope.event.RawInput;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optional second source: connects to an engine's Unix stream socket and reads newline-delimited
 * JSON, reconnecting with exponential backoff. Lines go through the same pipeline as datagrams.
 */
public final class StreamIngest implements AutoCloseable {
  public static final String SOURCE = "stream";
  private static final Logger log = LoggerFactory.getLogger(StreamIngest.class);
  static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final Path path;
  private final int maxBytes;
  private final InputSink sink;
  private final Journal journal;
  private final IngestCounters counters = new IngestCounters();
  private volatile boolean closing;
  private volatile AFUNIXSocket socket;
  private Thread thread;

  private final Set<Integer> allowedUids;

  /** {@code allowedUids}: the engines' uids we accept (peer credentials); empty accepts none. */
  public StreamIngest(Path path, int maxBytes, InputSink sink, Journal journal, Set<Integer> allowedUids) {
    this.allowedUids = Set.copyOf(allowedUids);
    this.path = path;
    this.maxBytes = maxBytes;
    this.sink = sink;
    this.journal = journal;
  }

  public void start() {
    thread = new Thread(this::run, "relay-ingest-stream");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long backoffMs = MIN_BACKOFF.toMillis();
    long count = 0;
    boolean reportedDown = false;
    while (!closing) {
      try (AFUNIXSocket s = AFUNIXSocket.connectTo(AFUNIXSocketAddress.of(path))) {
        socket = s;
        long uid = s.getPeerCredentials().getUid();
        if (!allowedUids.contains((int) uid)) {
          // Not ours: do not read a byte from it. Keep trying, the right engine may come back.
          journal.append(FactKind.STREAM_DISCONNECTED, SOURCE, Map.of("path", path.toString(),
              "reason", "peer uid " + uid + " is not allowed (--allowed-uid " + allowedUids + ")"));
          if (!reportedDown) log.warn("engine socket {} belongs to uid {}, not an allowed uid {}", path, uid, allowedUids);
          reportedDown = true;
          throw new IOException("peer uid " + uid + " not allowed");
        }
        counters.active(true);
        backoffMs = MIN_BACKOFF.toMillis();
        reportedDown = false;
        journal.append(FactKind.STREAM_CONNECTED, SOURCE, Map.of("path", path.toString()));
        log.info("connected to engine stream {}", path);
        count = readLines(s.getInputStream(), count);
        journal.append(FactKind.STREAM_DISCONNECTED, SOURCE, Map.of("path", path.toString(), "reason", "end of stream"));
      } catch (IOException e) {
        if (closing) break;
        if (counters.active() || !reportedDown) {
          journal.append(FactKind.STREAM_DISCONNECTED, SOURCE, Map.of("path", path.toString(), "reason", e.toString()));
          reportedDown = true;
        }
      } catch (RuntimeException | Error e) {
        // Whatever failed, this source reconnects and goes on: journal it, never end the thread.
        if (closing) break;
        journal.append(FactKind.STREAM_DISCONNECTED, SOURCE, Map.of("path", path.toString(), "reason", "failed: " + e));
        reportedDown = true;
      } finally {
        counters.active(false);
        socket = null;
      }
      if (closing) break;
      try {
        Thread.sleep(backoffMs); // reconnect backoff, on this source's own thread
      } catch (InterruptedException e) {
        break;
      }
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF.toMillis());
    }
  }

  /** Reads until end of stream; a line longer than the limit is rejected whole, never cut. */
  private long readLines(InputStream in, long count) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    byte[] line = new byte[Math.min(maxBytes + 1, 64 * 1024)];
    int lineLen = 0;
    long lineSize = 0;
    int n;
    while ((n = in.read(chunk)) > 0) {
      for (int i = 0; i < n; i++) {
        byte b = chunk[i];
        if (b == '\n') {
          if (lineSize > 0) {
            count++;
            emit(line, lineLen, lineSize, count);
          }
          lineLen = 0;
          lineSize = 0;
          continue;
        }
        lineSize++;
        if (lineSize <= maxBytes) {
          if (lineLen == line.length) line = Arrays.copyOf(line, Math.min(maxBytes + 1, line.length * 2));
          line[lineLen++] = b;
        }
      }
    }
    return count;
  }

  private void emit(byte[] line, int len, long size, long count) {
    long nanos = System.nanoTime();
    long millis = System.currentTimeMillis();
    int end = len;
    if (end > 0 && line[end - 1] == '\r') end--;
    boolean tooLarge = size > maxBytes;
    byte[] bytes = Arrays.copyOf(line, tooLarge ? Math.min(120, end) : end);
    counters.countReceived();
    if (!sink.offer(new RawInput(SOURCE, count, nanos, millis, bytes, (int) Math.min(size, Integer.MAX_VALUE), tooLarge))) {
      counters.countHandoffFull();
    }
  }

  public IngestCounters counters() {
    return counters;
  }

  /** The reading thread is running. */
  public boolean running() {
    return thread != null && thread.isAlive();
  }

  @Override
  public void close() {
    closing = true;
    AFUNIXSocket s = socket;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
