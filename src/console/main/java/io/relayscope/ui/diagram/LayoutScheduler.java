package io.relayscope.ui.diagram;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs ELK layouts on a background thread and hands results to the FX thread. Only the newest
 * request counts: an older one still queued is skipped, and a finished one that has been
 * overtaken is dropped, so a burst of structure changes costs one or two layouts.
 */
final class LayoutScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(LayoutScheduler.class);

  /**
   * One thread for every diagram: layouts are rare and short, and one at a time keeps ELK's
   * first-use initialisation single-threaded. It ends when idle, so it holds nothing open.
   */
  private static final ExecutorService ELK = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
    Thread t = new Thread(r, "diagram-layout");
    t.setDaemon(true);
    return t;
  });

  private static final AtomicBoolean WARMED = new AtomicBoolean();

  private final AtomicLong newest = new AtomicLong();
  private final Consumer<DiagramLayout> done;
  private final Consumer<Throwable> failed;

  /** Both callbacks run on the FX thread, for the newest request only. */
  LayoutScheduler(Consumer<DiagramLayout> done, Consumer<Throwable> failed) {
    this.done = done;
    this.failed = failed;
  }

  /**
   * {@code text} must be safe off the FX thread: a {@link TextMeasure#snapshot}. The pane's size
   * (0 if unknown) decides between folded and unfolded layouts.
   */
  void request(DiagramStructure structure, TextMeasure text, double paneWidth, double paneHeight) {
    long id = newest.incrementAndGet();
    ELK.execute(() -> {
      if (newest.get() != id) return;
      try {
        DiagramLayout layout = LayoutChooser.best(structure, text, paneWidth, paneHeight);
        Platform.runLater(() -> {
          if (newest.get() == id) done.accept(layout);
        });
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("diagram layout failed for {}", structure.machine(), e);
        Platform.runLater(() -> {
          if (newest.get() == id) failed.accept(e);
        });
      }
    });
  }

  /**
   * Loads ELK and runs one tiny layout in the background, so the first real diagram does not pay
   * a second of class loading and initialisation. Once per process.
   */
  static void warmUp() {
    if (!WARMED.compareAndSet(false, true)) return;
    var tiny = new DiagramStructure("warm-up", true,
        List.of(new DiagramStructure.State("a", null, true), new DiagramStructure.State("b", null, true)),
        List.of(), List.of(new DiagramStructure.Edge("e", "a", "b", List.of("go"), true)));
    ELK.execute(() -> {
      try {
        ElkDiagramLayout.layout(tiny, TextMeasure.approximate());
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("ELK warm-up failed", e);
      }
    });
  }

  /** Forgets any request in flight (the machine on screen changed). */
  void cancel() {
    newest.incrementAndGet();
  }
}
