package io.relayscope.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timeline's commands without a scene (plain JUnit, no toolkit): exports and offline loads
 * really written and read on an I/O thread, what the model says while they run and after, and
 * what the operator reads when one fails.
 */
class TimelineViewModelTest {
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path tmp;
  private final ExecutorService io = Executors.newSingleThreadExecutor();
  private final CountDownLatch ioFree = new CountDownLatch(1);

  @AfterEach
  void stop() {
    ioFree.countDown();
    io.shutdownNow();
  }

  /** Outcomes applied on the thread that finished the work: the test reads them once its future completed. */
  private TimelineViewModel model() {
    return new TimelineViewModel(new TimelineActions(io, null, JournalSaved.NONE), Runnable::run);
  }

  /** {@code n} events of one machine, a second apart from {@link #T0}. */
  private static List<JournalFact> events(int n) {
    var out = new ArrayList<JournalFact>();
    for (int i = 0; i < n; i++) {
      out.add(new JournalFact(i + 1, T0 + i * 1000L, 0, FactKind.EVENT_RECEIVED, "face_processor",
          Map.of("machine", "face_processor", "type", "state_change", "summary", "s" + i + " → s" + (i + 1))));
    }
    return out;
  }

  /** Holds the I/O thread until {@link #ioFree}, as a long export ahead in the queue would. */
  private void holdIo() {
    io.execute(() -> {
      try {
        ioFree.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  @Test
  void whileAnExportRunsTheExportCommandsWaitAndAfterwardsTheStatusSaysWhereItWent() throws Exception {
    var model = model();
    model.addLive(events(10));
    holdIo();
    Path md = tmp.resolve("incident.md");
    Path json = tmp.resolve("incident.json");
    var first = model.export("md", md, new long[] {T0 - 1, T0 + 20_000});
    var second = model.export("json", json, new long[] {T0 - 1, T0 + 20_000});
    assertThat(model.exportingProperty().get()).as("exporting, two in the queue").isTrue();

    ioFree.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(10);
    assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(10);
    assertThat(model.exportingProperty().get()).as("both written").isFalse();
    assertThat(model.statusProperty().get()).isEqualTo("exported 10 facts to " + json);
    assertThat(Files.readString(md)).contains("face_processor");
  }

  @Test
  void anExportThatCannotBeWrittenSaysWhyAndFreesTheCommands() {
    var model = model();
    model.addLive(events(3));
    Path nowhere = tmp.resolve("no such folder").resolve("incident.md");

    var export = model.export("md", nowhere, new long[] {T0 - 1, T0 + 5_000});

    assertThatThrownBy(export::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(IOException.class);
    assertThat(model.exportingProperty().get()).isFalse();
    assertThat(model.detailProperty().get()).startsWith("Export failed: ").contains("incident.md");
  }

  @Test
  void anExportOpensForOfflineReviewAndFollowLiveComesBack() throws Exception {
    var model = model();
    model.addLive(events(10));
    Path json = tmp.resolve("run.json");
    model.export("json", json, new long[] {T0 + 2_500, T0 + 6_500}).get(30, TimeUnit.SECONDS);

    holdIo();
    var load = model.load(json);
    assertThat(model.loadingProperty().get()).as("loading while the file is read").isTrue();
    ioFree.countDown();
    load.get(30, TimeUnit.SECONDS);

    assertThat(model.loadingProperty().get()).isFalse();
    assertThat(model.offline()).isTrue();
    assertThat(model.sourceProperty().get()).isEqualTo("run.json");
    assertThat(model.shown().size()).as("the window's four events").isEqualTo(4);
    assertThat(model.detailProperty().get()).isEmpty();

    // Live facts kept coming meanwhile; Follow live shows them all.
    model.addLive(events(12).subList(10, 12));
    assertThat(model.shown().size()).isEqualTo(4);
    model.showLive();
    assertThat(model.offline()).isFalse();
    assertThat(model.sourceProperty().get()).isEqualTo("live");
    assertThat(model.shown().size()).isEqualTo(12);
  }

  @Test
  void anOfflineLoadThatFailsSaysWhatCouldNotBeOpenedAndKeepsShowingLive() throws Exception {
    var model = model();
    model.addLive(events(2));
    Path broken = tmp.resolve("broken.json");
    Files.writeString(broken, "{ this is not an export");

    model.load(broken).get(30, TimeUnit.SECONDS);

    assertThat(model.loadingProperty().get()).isFalse();
    assertThat(model.detailProperty().get()).startsWith("Cannot open " + broken + ": ").hasSizeGreaterThan(("Cannot open " + broken + ": ").length());
    assertThat(model.offline()).isFalse();
    assertThat(model.sourceProperty().get()).isEqualTo("live");
    assertThat(model.shown().size()).isEqualTo(2);
  }
}
