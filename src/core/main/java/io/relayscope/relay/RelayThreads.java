package io.relayscope.relay;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which relay threads are alive, and what failed in them. Each loop either reports a heartbeat
 * ({@link #heartbeat}) or is watched through a liveness check ({@link #watch}); a loop that catches
 * a fatal error reports it with {@link #failed}, which journals it as a fact and goes on. A thread
 * that failed {@link #CRASH_LOOP_FAILURES} times within {@link #CRASH_LOOP_MILLIS} counts as failing:
 * surviving the error then is no longer doing its work.
 */
public final class RelayThreads {
  static final int CRASH_LOOP_FAILURES = 3;
  static final long CRASH_LOOP_MILLIS = 10_000;
  private static final Logger log = LoggerFactory.getLogger(RelayThreads.class);

  private final Journal journal;
  private final Map<String, BooleanSupplier> watched = new ConcurrentHashMap<>();
  private final Map<String, ArrayDeque<Long>> recentFailures = new ConcurrentHashMap<>();
  private final AtomicLong failures = new AtomicLong();
  private volatile String lastFailure = "";

  private final RelayTime time;

  public RelayThreads(Journal journal) {
    this(journal, RelayTime.system());
  }

  public RelayThreads(Journal journal, RelayTime time) {
    this.journal = journal;
    this.time = time;
  }

  /** A thread whose liveness {@code alive} tells (e.g. {@code thread::isAlive}). */
  public void watch(String name, BooleanSupplier alive) {
    watched.put(name, alive);
  }

  /** A loop that beats at least every {@code maxSilenceMillis} while it is doing its work. */
  public Heartbeat heartbeat(String name, long maxSilenceMillis) {
    var beat = new Heartbeat(maxSilenceMillis * 1_000_000);
    watched.put(name, beat::recent);
    return beat;
  }

  /** Runs {@code task} so that nothing it throws ends it or its executor's schedule. */
  public Runnable guard(String name, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (Throwable t) {
        failed(name, t);
      }
    };
  }

  /** A loop caught {@code error} and goes on: journal it, count it. */
  public void failed(String name, Throwable error) {
    long n = failures.incrementAndGet();
    long now = time.millis();
    var recent = recentFailures.computeIfAbsent(name, k -> new ArrayDeque<>());
    synchronized (recent) {
      recent.addLast(now);
      while (recent.size() > CRASH_LOOP_FAILURES) recent.removeFirst();
    }
    lastFailure = name + ": " + error;
    journal.append(FactKind.THREAD_FAILED, name, Map.of("error", String.valueOf(error), "failures", n));
    log.error("{} caught {} and carries on", name, error.toString(), error);
  }

  /** Alive and not in a crash loop, per watched thread, in name order. */
  public Map<String, Boolean> alive() {
    var out = new LinkedHashMap<String, Boolean>();
    watched.keySet().stream().sorted().forEach(name -> out.put(name, watched.get(name).getAsBoolean() && !crashLooping(name)));
    return out;
  }

  private boolean crashLooping(String name) {
    var recent = recentFailures.get(name);
    if (recent == null) return false;
    synchronized (recent) {
      return recent.size() >= CRASH_LOOP_FAILURES
          && time.millis() - recent.peekFirst() < CRASH_LOOP_MILLIS;
    }
  }

  public long failures() {
    return failures.get();
  }

  /** The last failure, "thread: error" (empty if none). */
  public String lastFailure() {
    return lastFailure;
  }

  public List<String> names() {
    return watched.keySet().stream().sorted().toList();
  }

  /** A loop's proof of life. */
  public final class Heartbeat {
    private final long maxSilenceNanos;
    private volatile long lastNanos = time.nanos();

    private Heartbeat(long maxSilenceNanos) {
      this.maxSilenceNanos = maxSilenceNanos;
    }

    /** Called from the loop, inside its guard. */
    public void beat() {
      lastNanos = time.nanos();
    }

    boolean recent() {
      return time.nanos() - lastNanos <= maxSilenceNanos;
    }
  }
}
