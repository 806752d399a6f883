package io.relayscope.fleet.source;

import java.time.Duration;
import java.time.ZonedDateTime;

/**
 * How far a {@code --nats-source} relay is behind the events stream: {@code events} stored after
 * the last one it read, and {@code seconds} between that one's and the stream's newest (both
 * JetStream timestamps, so the hosts' clocks do not matter). Zero when it has read everything.
 */
public record SourceLag(long events, double seconds) {
  public static final SourceLag NONE = new SourceLag(0, 0);

  /** From the stream's last sequence and time and the last one read (0 and null before any). */
  public static SourceLag of(long streamLastSeq, ZonedDateTime streamLastTime, long readSeq,
      ZonedDateTime readTime) {
    long behind = Math.max(0, streamLastSeq - readSeq);
    if (behind == 0 || streamLastTime == null) return new SourceLag(behind, 0);
    if (readTime == null) return new SourceLag(behind, 0); // nothing read yet: no age to compare
    double s = Math.max(0, Duration.between(readTime, streamLastTime).toMillis() / 1000.0);
    return new SourceLag(behind, s);
  }
}
