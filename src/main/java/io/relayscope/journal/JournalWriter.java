package io.relayscope.journal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends every journal fact to JSON Lines files, rotated by size with a cap on the number of
 * files. Its own thread tails the in-memory {@link Journal} ring — which is the bounded hand-off:
 * relay threads never wait for the disk. It flushes every {@link #FLUSH_MILLIS} ms (and on close),
 * so a {@code kill -9} loses at most that window. If the disk fails (full, read-only), writing
 * pauses with the error visible in {@link #status()}, is retried, and the relay goes on; facts that
 * left the ring meanwhile are counted as lost.
 */
public final class JournalWriter implements AutoCloseable {
  public static final long FLUSH_MILLIS = 100;
  static final long RETRY_MILLIS = 2000;
  private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
  private static final DateTimeFormatter RUN = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

  private final Journal journal;
  private final Path dir;
  private final long maxFileBytes;
  private final int maxFiles;
  private final String run = RUN.format(LocalDateTime.now());
  private final Thread thread;
  private volatile boolean running = true;
  private BufferedOutputStream out;
  private final FactCodec.LineEncoder lines = new FactCodec.LineEncoder();
  private Path file;
  private int fileNumber;
  private long fileBytes;
  private long next;
  private volatile long written;
  private volatile long bytes;
  private volatile long lost;
  private volatile String error;
  private volatile String currentFile = "";

  public JournalWriter(Journal journal, Path dir, long maxFileBytes, int maxFiles) {
    if (maxFileBytes < 1024) throw new IllegalArgumentException("journal file size must be at least 1 KiB");
    if (maxFiles < 1) throw new IllegalArgumentException("journal must keep at least one file");
    this.journal = journal;
    this.dir = dir;
    this.maxFileBytes = maxFileBytes;
    this.maxFiles = maxFiles;
    this.thread = new Thread(this::run, "journal-writer");
    this.thread.setDaemon(true);
  }

  /** Opens the first file (so a bad directory fails at start, with a reason) and starts writing. */
  public void start() throws IOException {
    Files.createDirectories(dir);
    open();
    thread.start();
  }

  private void run() {
    long retryAt = 0;
    while (running) {
      try {
        Thread.sleep(FLUSH_MILLIS);
      } catch (InterruptedException e) {
        break; // close() drains what is left
      }
      if (error != null && System.currentTimeMillis() < retryAt) continue;
      try {
        if (out == null) open();
        drain();
        if (error != null) {
          log.info("journal writing resumed in {}", file);
          error = null;
        }
      } catch (IOException | RuntimeException e) {
        if (error == null) log.error("journal writing paused: {}", e.toString());
        error = e.getMessage() == null ? e.toString() : e.getMessage();
        retryAt = System.currentTimeMillis() + RETRY_MILLIS;
        closeFile();
      }
    }
  }

  /** Writes every fact appended since the last drain, then flushes. */
  private void drain() throws IOException {
    while (true) {
      long oldest = journal.appended() - journal.capacity();
      if (next < oldest) {
        lost += oldest - next; // the ring overwrote them before we could save them
        next = oldest;
      }
      List<JournalFact> facts = journal.since(next, 4096);
      if (facts.isEmpty()) break;
      long first = facts.get(0).id();
      if (first > next) lost += first - next;
      for (JournalFact f : facts) {
        int n = lines.encode(f);
        lines.writeTo(out);
        fileBytes += n;
        bytes += n;
        written++;
        next = f.id() + 1;
        if (fileBytes >= maxFileBytes) rotate();
      }
    }
    out.flush();
  }

  private void open() throws IOException {
    Files.createDirectories(dir);
    file = dir.resolve(JournalFiles.name(run, fileNumber));
    out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
        64 * 1024);
    fileBytes = Files.size(file);
    currentFile = file.toString();
    prune();
  }

  private void rotate() throws IOException {
    out.flush();
    closeFile();
    fileNumber++;
    open();
  }

  /** Keeps the newest {@code maxFiles} journal files in the directory (of this and earlier runs). */
  private void prune() throws IOException {
    List<Path> files = JournalFiles.list(dir);
    for (int i = 0; i < files.size() - maxFiles; i++) {
      if (!files.get(i).equals(file)) Files.deleteIfExists(files.get(i));
    }
  }

  private void closeFile() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // the error that brought us here is already reported
      }
      out = null;
    }
  }

  public JournalStatus status() {
    return new JournalStatus(true, dir.toString(), currentFile, written, bytes, lost, error);
  }

  /** Stops the thread, then saves and flushes whatever is left. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (out == null && error == null) open();
      if (out != null) drain();
    } catch (IOException e) {
      log.error("journal: final write failed: {}", e.toString());
    }
    closeFile();
  }
}
