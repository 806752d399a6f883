package io.relayscope.bench;

import io.relayscope.demo.DatagramEmitter;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.journal.JournalReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * How soon the relay flags a reader that stops reading, against ground truth the probe controls: a
 * local reader ({@link StoppingReader}) reads a random number of events, then never reads again. The
 * stall begins when the first byte it never reads (a probe ping or the next event) reaches it, which
 * the reader sees in its receive queue without reading it; the relay's {@code CLIENT_NOT_READING} fact, read back
 * from its journal, says when it flagged the reader ({@code at}) and when it dates the stall from
 * ({@code since_ms}). A healthy reader beside it must never be flagged. The relay runs as shipped in
 * its own JVM, one per shape, the trials one after another.
 */
public final class DetectionProbe {
  /** An event stream: {@code rate} a second of {@code bytes} each. */
  public record Shape(int rate, int bytes) {
    String label() {
      return String.format("%,d/s × %s", rate, bytes >= 1024 ? bytes / 1024 + " KB" : bytes + " B");
    }
  }

  /** The two shapes of issue #23: a busy stream and a trickle. */
  public static final List<Shape> SHAPES = List.of(new Shape(200, 3 * 1024), new Shape(3, 200));

  /**
   * One trial: ms from the stall's true start to the relay's LAGGING and NOT READING facts (-1: none
   * within the wait), and its dating error (the facts' {@code since_ms} less the true start).
   * {@code behindMs}: how long before it stopped the first byte it did not read had come (a busy
   * reader falls behind: the next event's send bounds it); the relay may date the stall from then.
   * {@code datedAfterEarliestMs}: the relay's date less the earliest the stall can have begun — when the
   * reader stopped, or for a reader that was behind, when its last event went out. The relay must never
   * date before it (the reader sees the first unread byte within its poll, a little late on a busy
   * machine; this bound has no such slack).
   */
  public record Trial(Shape shape, int stopAfter, double laggingMs, double notReadingMs, double datedMs, double behindMs,
      double datedAfterEarliestMs, String why) {
    boolean detected() {
      return notReadingMs >= 0;
    }
  }

  /** What one shape gave: its trials, and how often the healthy reader was flagged (never, we hope). */
  public record ShapeResult(Shape shape, List<Trial> trials, int healthyFlagged, int relayPauses) {}

  private static final long WAIT_NANOS = 10_000_000_000L;

  private final List<String> jvmOptions;
  private final PrintWriter out;
  private final int trials;
  private final long seed;

  public DetectionProbe(List<String> jvmOptions, PrintWriter out, int trials, long seed) {
    this.jvmOptions = jvmOptions;
    this.out = out;
    this.trials = trials;
    this.seed = seed;
  }

  public List<ShapeResult> run(List<Shape> shapes) throws IOException, InterruptedException {
    var results = new ArrayList<ShapeResult>();
    for (Shape shape : shapes) results.add(run(shape));
    return results;
  }

  private ShapeResult run(Shape shape) throws IOException, InterruptedException {
    out.printf("detection, %s: %d trials%n", shape.label(), trials);
    out.flush();
    var random = new SplittableRandom(seed);
    Path dir = Files.createTempDirectory("relayscope-detect");
    try (var relay = RelayProcess.start(Strategy.RELAYSCOPE, dir.resolve("events.sock"), jvmOptions);
        var healthy = StoppingReader.connect(relay.url, "detection-healthy", Long.MAX_VALUE);
        var stream = new Stream(relay.socket, shape)) {
      var list = new ArrayList<Trial>();
      for (int i = 0; i < trials; i++) {
        // At 200/s: 20-200 events (0.1-1 s); at 3/s: 1-4 events.
        int stopAfter = 1 + random.nextInt(Math.max(4, shape.rate()));
        Trial t = trial(relay, stream, shape, "detection-" + i, stopAfter);
        list.add(t);
        out.printf("  trial %d: stopped after %d events; %s%n", i + 1, stopAfter,
            t.detected() ? String.format("LAGGING %+.0f ms, NOT READING %+.0f ms, dated %+.0f ms (%s)", t.laggingMs(),
                t.notReadingMs(), t.datedMs(), t.why()) : "not flagged within 10 s");
        out.flush();
      }
      List<JournalFact> facts = facts(relay);
      String healthyId = clientId(facts, "detection-healthy");
      int healthyFlagged = (int) facts.stream().filter(f -> f.subject().equals(healthyId))
          .filter(f -> f.kind() == FactKind.CLIENT_LAGGING || f.kind() == FactKind.CLIENT_NOT_READING).count();
      int pauses = (int) facts.stream().filter(f -> f.kind() == FactKind.RELAY_PAUSED).count();
      return new ShapeResult(shape, List.copyOf(list), healthyFlagged, pauses);
    } finally {
      TempTree.delete(dir);
    }
  }

  private Trial trial(RelayProcess relay, Stream stream, Shape shape, String name, int stopAfter)
      throws IOException, InterruptedException {
    try (var reader = StoppingReader.connect(relay.url, name, stopAfter)) {
      long deadline = System.nanoTime() + WAIT_NANOS + (long) stopAfter * 1_000_000_000L / shape.rate();
      JournalFact notReading = null;
      List<JournalFact> facts = List.of();
      String id = null;
      while (notReading == null && System.nanoTime() < deadline) {
        LockSupport.parkNanos(100_000_000L); // the journal is flushed every 100 ms
        facts = facts(relay);
        if (id == null) id = clientId(facts, name);
        notReading = first(facts, id, FactKind.CLIENT_NOT_READING);
      }
      if (reader.failure() != null) throw new IOException(name + ": " + reader.failure().getMessage(), reader.failure());
      if (notReading == null) return new Trial(shape, stopAfter, -1, -1, 0, 0, 0, "");
      // The stall began when the first byte it never read reached it: a probe ping or the next event,
      // seen arriving in its receive queue. A reader that had fallen behind had that byte before it
      // stopped: the next event's send is the best bound then (behindMs says by how much).
      long nextEventNanos = stream.sentAtNanos(reader.lastEvent() + 1);
      boolean seen = !reader.behindAtStop() && reader.firstUnreadNanos() != 0;
      long truthNanos = seen ? reader.firstUnreadNanos() : Math.max(reader.stoppedAtNanos(), nextEventNanos);
      double behindMs = seen ? 0 : (truthNanos - Math.min(nextEventNanos, reader.stoppedAtNanos())) / 1e6;
      double truthMs = stream.toEpochMillis(truthNanos);
      JournalFact lagging = first(facts, id, FactKind.CLIENT_LAGGING);
      double since = notReading.fields().get("since_ms") instanceof Number n ? n.doubleValue() : Double.NaN;
      Trial trial = new Trial(shape, stopAfter, lagging == null ? -1 : lagging.atMillis() - truthMs,
          notReading.atMillis() - truthMs, since - truthMs, behindMs,
          since - stream.toEpochMillis(reader.behindAtStop() ? stream.sentAtNanos(reader.lastEvent()) : reader.stoppedAtNanos()),
          String.valueOf(notReading.fields().get("why")));
      reader.close();
      awaitClosed(relay, id);
      return trial;
    }
  }

  /** Waits until the relay has closed the stopped reader, so trials never overlap. */
  private static void awaitClosed(RelayProcess relay, String id) throws IOException {
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (System.nanoTime() < deadline && first(facts(relay), id, FactKind.CLIENT_CLOSED) == null) {
      LockSupport.parkNanos(100_000_000L);
    }
  }

  private static List<JournalFact> facts(RelayProcess relay) throws IOException {
    return JournalReader.read(relay.journalDir(), 0, Long.MAX_VALUE).plain();
  }

  private static String clientId(List<JournalFact> facts, String userAgent) {
    return facts.stream().filter(f -> f.kind() == FactKind.CLIENT_CONNECTED)
        .filter(f -> userAgent.equals(f.fields().get("user_agent"))).map(JournalFact::subject).findFirst().orElse(null);
  }

  private static JournalFact first(List<JournalFact> facts, String id, FactKind kind) {
    if (id == null) return null;
    return facts.stream().filter(f -> f.kind() == kind && f.subject().equals(id)).findFirst().orElse(null);
  }

  /** The summary: per shape, the distribution of each delay, and the goal (NOT READING within 1 s). */
  public static String table(List<ShapeResult> results) {
    var s = new StringBuilder();
    s.append(String.format("%-14s %7s  %-26s  %-26s  %-22s  %-9s %s%n", "shape", "trials", "LAGGING after (ms)",
        "NOT READING after (ms)", "start dated (ms)", "<= 1 s", "healthy reader flagged"));
    s.append(String.format("%-14s %7s  %-26s  %-26s  %-22s%n", "", "", "min / median / p90 / max", "min / median / p90 / max",
        "min / median / max"));
    for (ShapeResult r : results) {
      var detected = r.trials().stream().filter(Trial::detected).toList();
      double[] lagging = detected.stream().mapToDouble(Trial::laggingMs).filter(v -> v >= 0).sorted().toArray();
      double[] notReading = detected.stream().mapToDouble(Trial::notReadingMs).sorted().toArray();
      double[] dated = detected.stream().mapToDouble(Trial::datedMs).sorted().toArray();
      long withinGoal = detected.stream().filter(t -> t.notReadingMs() <= 1000).count();
      s.append(String.format("%-14s %7d  %-26s  %-26s  %-22s  %-9s %d%s%n", r.shape().label(), r.trials().size(),
          spread(lagging, true), spread(notReading, true), spread(dated, false),
          withinGoal + " of " + r.trials().size(), r.healthyFlagged(),
          r.relayPauses() > 0 ? "  (relay paused " + r.relayPauses() + "×: not blamed on readers)" : ""));
    }
    return s.toString();
  }

  private static String spread(double[] v, boolean p90) {
    if (v.length == 0) return "-";
    String mid = String.format("%.0f", v[v.length / 2]);
    return String.format("%.0f / %s%s / %.0f", v[0], mid, p90 ? " / " + String.format("%.0f", v[(int) Math.ceil(v.length * 0.9) - 1]) : "",
        v[v.length - 1]);
  }

  /**
   * The events, at a steady rate, each numbered and stamped as the bench's readers expect, on their
   * own thread for as long as the shape's trials last; it remembers when it sent each one.
   */
  private static final class Stream implements AutoCloseable {
    private static final int MAX_EVENTS = 1 << 20;
    private final AtomicLongArray sentAt = new AtomicLongArray(MAX_EVENTS);
    private final long epochMillisAtZero = System.currentTimeMillis();
    private final long nanosAtZero = System.nanoTime();
    private final Thread thread;
    private volatile boolean stop;

    Stream(Path socket, Shape shape) throws IOException {
      var emitter = DatagramEmitter.connect(socket);
      String pad = "x".repeat(Math.max(0, shape.bytes() - 110));
      thread = new Thread(() -> {
        long t0 = System.nanoTime();
        try (emitter) {
          for (int n = 0; n < MAX_EVENTS && !stop; n++) {
            PacedSender.pace(t0 + n * 1_000_000_000L / shape.rate());
            sentAt.set(n, System.nanoTime());
            emitter.send(PacedSender.event(n, pad));
          }
        } catch (IOException e) {
          // the relay went away: the trials will say so
        }
      }, "detection-stream");
      thread.setDaemon(true);
      thread.start();
    }

    /** When event {@code n} went out (System.nanoTime); 0 if it has not. */
    long sentAtNanos(int n) {
      return n < MAX_EVENTS ? sentAt.get(n) : 0;
    }

    double toEpochMillis(long nanos) {
      return epochMillisAtZero + (nanos - nanosAtZero) / 1e6;
    }

    @Override
    public void close() throws InterruptedException {
      stop = true;
      thread.join(5_000);
    }
  }
}
