package io.relayscope.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Logback's {@link AsyncAppender}, never blocking and counting what it drops. A logging thread only
 * offers the line to a bounded queue; the appender's own thread writes it to stderr. When stderr
 * does not keep up (a parent that never reads the pipe) the queue fills and further lines are
 * dropped and counted ({@link #dropped()}, {@code relayscope_log_lines_dropped_total}); the first
 * line written after a loss says how many were dropped. Configured in {@code logback.xml}.
 */
public final class DroppingAsyncAppender extends AsyncAppender {
  private static final AtomicLong DROPPED = new AtomicLong();
  private long reportedDropped;

  public DroppingAsyncAppender() {
    setNeverBlock(true);
    setDiscardingThreshold(0); // keep every level until the queue is full, then drop any
  }

  /** Log lines dropped since the JVM started, because the queue to stderr was full. */
  public static long dropped() {
    return DROPPED.get();
  }

  @Override
  protected synchronized void append(ILoggingEvent event) {
    // Synchronized so the capacity check and the offer are one step for producers (the writer
    // thread only ever frees space): every line not queued is counted. No I/O under this lock.
    if (getRemainingCapacity() == 0) {
      DROPPED.incrementAndGet();
      return;
    }
    long dropped = DROPPED.get();
    if (dropped != reportedDropped && getRemainingCapacity() > 1) {
      reportedDropped = dropped;
      super.append(new ch.qos.logback.classic.spi.LoggingEvent(DroppingAsyncAppender.class.getName(),
          (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(DroppingAsyncAppender.class),
          ch.qos.logback.classic.Level.WARN, "{} log lines dropped so far: stderr did not keep up", null,
          new Object[] {dropped}));
    }
    super.append(event);
  }
}
