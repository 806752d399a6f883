package io.relayscope.ui;

import io.relayscope.core.RelayCore;
import io.relayscope.journal.JournalFact;
import io.relayscope.machines.MachineDefinitions;
import io.relayscope.machines.MachineSnapshot;
import io.relayscope.metrics.CumulativeRecorder;
import io.relayscope.metrics.LatencySummary;
import io.relayscope.metrics.RelaySnapshot;
import io.relayscope.ui.frame.ConsoleFrame;
import io.relayscope.ui.frame.FrameView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import javafx.application.Platform;
import org.slf4j.LoggerFactory;

/**
 * Samples the relay off the FX thread and hands the latest frame to the views at a fixed rate.
 *
 * <p>A sampler thread takes a {@link ConsoleFrame} every {@code period} and hands it to the FX
 * thread with one {@code runLater} (never more than one waiting), which renders the newest. Relay
 * threads never see the UI, and the FX thread never waits on the relay: at worst it renders a frame
 * a period old. No animation drives it: an FX {@code Timeline} kept the toolkit pulsing 60 times a
 * second for ever, idle or not, so the window cost CPU even when nothing on it moved.
 *
 * <p>With no input for {@link #QUIET_AFTER_MILLIS} it samples once a second ({@link #QUIET_PERIOD_MILLIS}):
 * what moves on an idle relay's window (ages, the uptime) moves by the second. It still looks every
 * period, at one counter, and the first input brings the full rate back at once.
 */
public final class ConsoleModel implements AutoCloseable {
  /** No input for this long and the console samples every {@link #QUIET_PERIOD_MILLIS} only. */
  static final long QUIET_AFTER_MILLIS = 2_000;
  static final long QUIET_PERIOD_MILLIS = 1_000;
  /** Facts taken into one frame at most; more are skipped (and counted) so a flood cannot stall a frame. */
  static final int MAX_FACTS_PER_FRAME = 5_000;

  private final RelayCore core;
  private final MachineDefinitions definitions;
  private final long periodMillis;
  private final AtomicReference<Sample> latest = new AtomicReference<>();
  private final ConcurrentLinkedQueue<JournalFact> pendingFacts = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pendingCount = new AtomicInteger();
  private final AtomicLong skippedFacts = new AtomicLong();
  private final List<FrameView> views = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "console-sampler");
    t.setDaemon(true);
    return t;
  });
  private final CumulativeRecorder renderTime = new CumulativeRecorder();
  /** A render is waiting on the FX thread: the sampler does not queue another behind it. */
  private final AtomicBoolean renderPosted = new AtomicBoolean();
  private final AtomicLong samples = new AtomicLong();
  private final LongSupplier inputs;
  private final LongSupplier nanos;
  private long lastInputs = -1; // sampler thread
  private long inputsMovedNanos; // sampler thread
  private long sampledNanos; // sampler thread
  private volatile boolean closed;
  private long nextFactId;
  private Sample renderedSample;
  private volatile ConsoleFrame rendered;

  public ConsoleModel(RelayCore core, MachineDefinitions definitions, long periodMillis) {
    this(core, definitions, periodMillis, core.relay()::inputsSeen, System::nanoTime);
  }

  /** As above, told what counts as input and what time it is (tests). */
  ConsoleModel(RelayCore core, MachineDefinitions definitions, long periodMillis, LongSupplier inputs, LongSupplier nanos) {
    this.core = core;
    this.definitions = definitions;
    this.periodMillis = periodMillis;
    this.inputs = inputs;
    this.nanos = nanos;
  }

  public RelayCore core() {
    return core;
  }

  public MachineDefinitions definitions() {
    return definitions;
  }

  public void addView(FrameView view) {
    views.add(view);
  }

  /** Starts sampling and rendering. Call on the FX thread. */
  public void start() {
    sampler.scheduleAtFixedRate(() -> {
      if (!due()) return;
      sample();
      postRender();
    }, 0, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Sampler thread: every period while inputs come (or came in the last {@link #QUIET_AFTER_MILLIS}), else once a second. */
  boolean due() {
    long now = nanos.getAsLong();
    long in = inputs.getAsLong();
    if (in != lastInputs) { // -1 at first: the first sample counts as input
      lastInputs = in;
      inputsMovedNanos = now;
    }
    boolean quiet = now - inputsMovedNanos >= TimeUnit.MILLISECONDS.toNanos(QUIET_AFTER_MILLIS);
    // A little under the quiet period: the executor's ticks land a few milliseconds either side of it.
    if (quiet && now - sampledNanos < TimeUnit.MILLISECONDS.toNanos(QUIET_PERIOD_MILLIS - periodMillis / 2)) return false;
    sampledNanos = now;
    samples.incrementAndGet();
    return true;
  }

  /** Samples taken so far. */
  public long samples() {
    return samples.get();
  }

  /** Asks the FX thread to render the newest sample, unless it has yet to run the last request. */
  private void postRender() {
    if (!renderPosted.compareAndSet(false, true)) return;
    Platform.runLater(() -> {
      renderPosted.set(false);
      if (!closed) renderLatest();
    });
  }

  /** Sampler thread: the newest snapshots, and the journal facts since the last sample. */
  private void sample() {
    try {
      var relay = core.snapshot();
      var machines = core.machines().snapshots();
      long end = core.journal().appended();
      long from = nextFactId;
      if (end - from > MAX_FACTS_PER_FRAME) {
        skippedFacts.addAndGet(end - from - MAX_FACTS_PER_FRAME);
        from = end - MAX_FACTS_PER_FRAME;
      }
      List<JournalFact> facts = core.journal().since(from, MAX_FACTS_PER_FRAME);
      nextFactId = facts.isEmpty() ? Math.max(nextFactId, from) : facts.get(facts.size() - 1).id() + 1;
      for (JournalFact f : facts) {
        pendingFacts.offer(f);
        // The FX thread drains every frame; if it ever falls behind, keep the newest facts.
        if (pendingCount.incrementAndGet() > 4 * MAX_FACTS_PER_FRAME && pendingFacts.poll() != null) {
          pendingCount.decrementAndGet();
          skippedFacts.incrementAndGet();
        }
      }
      latest.set(new Sample(System.currentTimeMillis(), relay, machines));
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(ConsoleModel.class).warn("console sample failed", e);
    }
  }

  private record Sample(long takenAtMillis, RelaySnapshot relay,
      List<MachineSnapshot> machines) {}

  /** FX thread: renders the newest sample with the facts that arrived since the last frame. */
  private void renderLatest() {
    Sample sample = latest.get();
    if (sample == null || (sample == renderedSample && pendingFacts.isEmpty())) return;
    renderedSample = sample;
    var facts = new ArrayList<JournalFact>();
    JournalFact f;
    while (facts.size() < MAX_FACTS_PER_FRAME && (f = pendingFacts.poll()) != null) {
      pendingCount.decrementAndGet();
      facts.add(f);
    }
    var frame = new ConsoleFrame(sample.takenAtMillis(), sample.relay(), sample.machines(), facts, skippedFacts.getAndSet(0));
    rendered = frame;
    long start = System.nanoTime();
    for (FrameView v : views) v.render(frame);
    renderTime.record(System.nanoTime() - start);
  }

  /** How long the views took to render a frame, on the FX thread. */
  public LatencySummary renderTimes() {
    return renderTime.summary();
  }

  /** The newest frame rendered, for tests and exporters. */
  public ConsoleFrame lastRendered() {
    return rendered;
  }

  @Override
  public void close() {
    closed = true;
    sampler.shutdownNow();
  }
}
