package io.relayscope.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends every journal fact to JSON Lines files, rotated by size with a cap on the number of
 * files. Its own thread tails the in-memory {@link Journal} ring — which is the bounded hand-off:
 * relay threads never wait for the disk. It writes every {@link #FLUSH_MILLIS} ms (and on close),
 * so a {@code kill -9} loses at most that window.
 *
 * <p>Each fact's line is written whole or not at all: lines are encoded to bytes first and written
 * in batches; if a write fails (disk full, read-only), the file is truncated back to its last
 * complete line and writing pauses with the error in {@link #status()} (and a
 * {@link FactKind#JOURNAL_PAUSED} fact). It is retried every {@link #RETRY_MILLIS} ms and resumes
 * from the first fact not saved, which the ring still holds unless it wrapped meanwhile: those facts
 * are counted as {@code lost}, so that the facts missing from the files are exactly the lost count.
 */
public final class JournalWriter implements AutoCloseable {
  public static final long FLUSH_MILLIS = 100;
  /** How long close() waits for the writer thread's last round before it writes the rest itself. */
  static final long CLOSE_WAIT_MILLIS = 30_000;
  static final long RETRY_MILLIS = 2000;
  /** The writer counts as stuck after this long without finishing a round (a hung disk). */
  static final long STUCK_MILLIS = 10_000;
  private static final int BATCH_BYTES = 256 * 1024;
  private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
  private static final DateTimeFormatter RUN = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

  private final Journal journal;
  private final Path dir;
  private final long maxFileBytes;
  private final int maxFiles;
  private final String run = RUN.format(LocalDateTime.now());
  private final Thread thread;
  private final ByteBuffer batch = ByteBuffer.allocate(BATCH_BYTES);
  private volatile boolean running = true;
  private FileChannel out;
  private final FactCodec.LineEncoder lines = new FactCodec.LineEncoder();
  private Path file;
  private int fileNumber;
  /** Bytes of complete lines in the current file: where it is cut back to if a write fails. */
  private long fileBytes;
  /** The first fact not yet saved (writer thread only writes it). */
  private volatile long next;
  private int batchFacts;
  private long batchNext;
  private volatile long written;
  private volatile long bytes;
  private volatile long lost;
  private volatile String error;
  private volatile String currentFile = "";
  private volatile long lastRoundNanos = System.nanoTime();
  /** Notified after each round: {@link #awaitSaved} waits on it. */
  private final Object saved = new Object();

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
      lastRoundNanos = System.nanoTime();
      try {
        Thread.sleep(FLUSH_MILLIS);
      } catch (InterruptedException e) {
        break; // close() drains what is left
      }
      if (error != null && System.currentTimeMillis() < retryAt) continue;
      try {
        if (out == null) open();
        drain();
        synchronized (saved) {
          saved.notifyAll();
        }
        if (error != null) {
          long lostNow = lostCount();
          log.info("journal writing resumed in {} ({} facts lost while paused)", file, lostNow);
          // The fact first: whoever sees the journal ok again also finds JOURNAL_RESUMED in it.
          journal.append(FactKind.JOURNAL_RESUMED, "journal", Map.of("file", file.toString(), "lost", lostNow));
          error = null;
        }
      } catch (Throwable e) {
        // Disk full, read-only, directory gone, or anything else: pause, never end the thread.
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        if (error == null) {
          log.error("journal writing paused: {}", e.toString());
          journal.append(FactKind.JOURNAL_PAUSED, "journal", Map.of("error", why, "lost", lostCount()));
        }
        error = why;
        retryAt = System.currentTimeMillis() + RETRY_MILLIS;
        closeFile();
      }
    }
  }

  /** Writes every fact appended since the last drain, in whole lines. */
  private void drain() throws IOException {
    long cursor = next;
    while (true) {
      long oldest = journal.appended() - journal.capacity();
      if (cursor < oldest) {
        // The ring overwrote them before we could save them. Whatever is batched is older: save it first.
        writeBatch();
        lost += oldest - next;
        next = oldest;
        cursor = oldest;
      }
      List<JournalFact> facts = journal.since(cursor, 4096);
      if (facts.isEmpty()) break;
      for (JournalFact f : facts) {
        if (f.id() > cursor) { // wrapped past these between the check and the read
          writeBatch();
          lost += f.id() - next;
          next = f.id();
        }
        cursor = f.id() + 1;
        ByteBuffer line;
        try {
          lines.encode(f);
          line = lines.bytes();
        } catch (RuntimeException e) {
          // A fact that cannot be encoded is skipped and counted; it must not stop the journal.
          writeBatch();
          lost++;
          next = cursor;
          continue;
        }
        if (line.remaining() > batch.remaining()) writeBatch();
        if (line.remaining() > batch.capacity()) {
          writeWhole(line, 1, cursor);
        } else {
          batch.put(line);
          batchFacts++;
          batchNext = cursor;
        }
        if (fileBytes + batch.position() >= maxFileBytes) {
          writeBatch();
          rotate();
        }
      }
    }
    writeBatch();
  }

  private void writeBatch() throws IOException {
    if (batchFacts == 0) return;
    batch.flip();
    try {
      writeWhole(batch, batchFacts, batchNext);
    } finally {
      batch.clear();
      batchFacts = 0;
    }
  }

  /** Writes {@code lines} (complete lines of {@code facts} facts) or, failing, cuts the file back to the last whole line. */
  private void writeWhole(ByteBuffer lines, int facts, long nextAfter) throws IOException {
    int n = lines.remaining();
    try {
      while (lines.hasRemaining()) out.write(lines);
    } catch (IOException | RuntimeException e) {
      try {
        out.truncate(fileBytes);
      } catch (IOException | RuntimeException cut) {
        // open() cuts a torn tail when it reopens the file
      }
      throw e;
    }
    fileBytes += n;
    bytes += n;
    written += facts;
    next = nextAfter;
  }

  private void open() throws IOException {
    Files.createDirectories(dir);
    file = dir.resolve(JournalFiles.name(run, fileNumber));
    out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    fileBytes = lastCompleteLine(out);
    out.truncate(fileBytes);
    out.position(fileBytes);
    currentFile = file.toString();
    prune();
  }

  /** The size of the file up to and including its last newline (a write that failed may have left a torn tail). */
  private static long lastCompleteLine(FileChannel ch) throws IOException {
    long size = ch.size();
    var one = ByteBuffer.allocate(1);
    for (long pos = size - 1; pos >= 0; pos--) {
      one.clear();
      if (ch.read(one, pos) == 1 && one.get(0) == '\n') return pos + 1;
    }
    return 0;
  }

  private void rotate() throws IOException {
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
    batch.clear();
    batchFacts = 0;
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // the error that brought us here is already reported
      }
      out = null;
    }
  }

  /** Facts lost so far, counting those the ring has already overwritten but the writer has not yet noticed. */
  private long lostCount() {
    long oldest = journal.appended() - journal.capacity();
    return lost + Math.max(0, oldest - next);
  }

  /**
   * Waits until every fact appended before this call is on disk (or counted lost), at most
   * {@code timeoutMillis}; true when it is. A live export reads the disk, which is up to a round
   * ({@value #FLUSH_MILLIS} ms) behind the ring: without this it misses what the operator just saw.
   */
  public boolean awaitSaved(long timeoutMillis) throws InterruptedException {
    long through = journal.appended();
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    synchronized (saved) {
      while (next < through) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !thread.isAlive()) return false;
        saved.wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
  }

  public JournalStatus status() {
    return new JournalStatus(true, dir.toString(), currentFile, written, bytes, lostCount(), error);
  }

  /** The writer thread runs and finished a round recently (a hung disk makes it stuck). */
  public boolean alive() {
    return thread.isAlive() && System.nanoTime() - lastRoundNanos < STUCK_MILLIS * 1_000_000;
  }

  /** Stops the thread, then saves and flushes whatever is left; what cannot be saved counts as lost. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      // Still inside a write (a hung disk): the file is its, not ours. Writing it from here too
      // would interleave two writers in one file.
      log.error("journal: the writer did not stop within {} s; its last facts may not be saved", CLOSE_WAIT_MILLIS / 1000);
      return;
    }
    try {
      if (out == null) open();
      drain();
      error = null;
    } catch (IOException | RuntimeException e) {
      log.error("journal: final write failed: {}", e.toString());
      error = e.getMessage() == null ? e.toString() : e.getMessage();
    }
    closeFile();
    long unsaved = journal.appended() - next;
    if (unsaved > 0) {
      lost += unsaved;
      next = journal.appended();
    }
  }
}
