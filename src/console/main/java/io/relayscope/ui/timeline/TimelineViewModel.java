package io.relayscope.ui.timeline;

import io.relayscope.export.IncidentExport;
import io.relayscope.journal.FactCodec;
import io.relayscope.journal.JournalFact;
import io.relayscope.journal.JournalReader.Loaded.RunFact;
import io.relayscope.ui.fx.Format;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * What the timeline shows and what its commands do, without a scene: the facts shown (the live
 * ones, kept as many as the journal's ring, or a loaded journal's), where they come from, the status
 * and detail lines, whether a load or an export is running, and the commands Open, Export and
 * Follow live. File work goes through {@link TimelineActions} off the FX thread; its outcome comes
 * back on {@code ui} (the FX thread in the console). The view binds to this and keeps the drawing:
 * the canvas, its zoom and its selection.
 */
final class TimelineViewModel {
  /** Facts kept live: the size of the journal's in-memory ring. */
  static final int LIVE_FACTS = 200_000;

  private final TimelineActions actions;
  private final Executor ui;
  private TimelineData live = new TimelineData();
  private final ReadOnlyObjectWrapper<TimelineData> shown = new ReadOnlyObjectWrapper<>(live);
  private final ReadOnlyBooleanWrapper offline = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper("live");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
  private final ReadOnlyIntegerWrapper exportsRunning = new ReadOnlyIntegerWrapper();
  private final BooleanBinding exporting = exportsRunning.greaterThan(0);
  /** The folder the last export went to: the next one starts there. */
  private final ObjectProperty<Path> exportFolder = new SimpleObjectProperty<>(Path.of(System.getProperty("user.home")));

  /** {@code ui}: where outcomes of file work are applied (the FX thread's {@code Platform::runLater} in the console). */
  TimelineViewModel(TimelineActions actions, Executor ui) {
    this.actions = actions;
    this.ui = ui;
  }

  /** The facts on screen: the live ones, or those loaded for offline review. */
  ReadOnlyObjectProperty<TimelineData> shownProperty() {
    return shown.getReadOnlyProperty();
  }

  TimelineData shown() {
    return shown.get();
  }

  /** True while a loaded journal or export is shown instead of the live facts. */
  ReadOnlyBooleanProperty offlineProperty() {
    return offline.getReadOnlyProperty();
  }

  boolean offline() {
    return offline.get();
  }

  /** "live", or the name of the file or directory shown. */
  ReadOnlyStringProperty sourceProperty() {
    return source.getReadOnlyProperty();
  }

  /** Counts of what is shown, or where the last export went. */
  ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** The fact picked, or what went wrong with a load or an export. */
  ReadOnlyStringProperty detailProperty() {
    return detail.getReadOnlyProperty();
  }

  /** A journal or an export is being read. */
  ReadOnlyBooleanProperty loadingProperty() {
    return loading.getReadOnlyProperty();
  }

  /** An export is being written: the Export commands wait for it. */
  BooleanBinding exportingProperty() {
    return exporting;
  }

  ObjectProperty<Path> exportFolderProperty() {
    return exportFolder;
  }

  /**
   * Takes the live facts of a frame. Live, the timeline keeps as much as the journal's ring, not
   * everything since start: rebuilt from the newest facts now and then, so memory and redraws stay bounded.
   */
  void addLive(List<JournalFact> facts) {
    for (var f : facts) live.add(new RunFact(f));
    if (live.size() > LIVE_FACTS + LIVE_FACTS / 10) {
      List<RunFact> all = live.facts();
      live = TimelineData.of(all.subList(all.size() - LIVE_FACTS, all.size()));
      if (!offline.get()) shown.set(live);
    }
  }

  /** Follow live: the live facts again (they kept being collected meanwhile). */
  void showLive() {
    offline.set(false);
    shown.set(live);
    source.set("live");
  }

  /** Shows facts loaded from a journal or an export, named {@code name}; live facts keep being collected. */
  void showOffline(String name, List<RunFact> facts) {
    offline.set(true);
    shown.set(TimelineData.of(facts));
    source.set(name);
  }

  /** The status line says how much is shown. */
  void showCounts(int incidents) {
    status.set(Format.count(shown.get().size()) + " facts · " + incidents + " incidents");
  }

  /** The detail pane shows a picked mark's fact whole. */
  void pick(Mark mark) {
    detail.set(mark.label() + "\n\n" + FactCodec.encode(mark.fact()));
  }

  /** Opens a journal directory, a journal file or an exported JSON file for offline review; completes once shown (or not). */
  CompletableFuture<Void> load(Path path) {
    loading.set(true);
    return actions.load(path).handleAsync((loaded, failure) -> {
      loading.set(false);
      if (failure != null) {
        detail.set("Cannot open " + path + ": " + cause(failure).getMessage());
        return null;
      }
      showOffline(path.getFileName().toString(), loaded.facts());
      if (!loaded.warnings().isEmpty()) detail.set("Loaded with warnings: " + loaded.warnings());
      return null;
    }, ui);
  }

  /**
   * Exports {@code window} ({from, to} epoch millis) to {@code file} as {@code format} ("md",
   * "json", "csv", "png"), over the same facts as {@code relayscope export}: live, the relay's journal
   * on disk; offline, those loaded. Completes with the facts written once the outcome is shown.
   */
  CompletableFuture<Integer> export(String format, Path file, long[] window) {
    List<RunFact> facts = !offline.get() && actions.exportsFromJournal() ? null : shown.get().facts();
    exportsRunning.set(exportsRunning.get() + 1);
    return actions.export(IncidentExport.Format.valueOf(format), file, window.clone(), facts).whenCompleteAsync((written, failure) -> {
      exportsRunning.set(exportsRunning.get() - 1);
      if (failure != null) {
        detail.set("Export failed: " + cause(failure).getMessage());
        return;
      }
      status.set("exported " + written.facts() + " facts to " + file);
      if (!written.complete()) {
        detail.set("The journal writer had not saved the latest facts within " + TimelineActions.SAVE_WAIT_MILLIS / 1000
            + " s: the export ends where the journal on disk ends (see the journal's status).");
      }
    }, ui).thenApply(TimelineActions.Exported::facts);
  }

  private static Throwable cause(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }
}
