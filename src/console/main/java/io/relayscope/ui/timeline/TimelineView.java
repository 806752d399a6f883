package io.relayscope.ui.timeline;

import io.relayscope.export.IncidentExport;
import io.relayscope.journal.JournalFiles;
import io.relayscope.journal.JournalReader.Loaded.RunFact;
import io.relayscope.ui.frame.ConsoleFrame;
import io.relayscope.ui.frame.FrameView;
import io.relayscope.ui.frame.Selection;
import io.relayscope.ui.fx.Format;
import io.relayscope.ui.fx.Showing;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/**
 * The incident timeline: lanes for ingest, each client and its keepalive; incidents marked; zoom,
 * pan, a shared time cursor; click a mark for its fact; drag to select a window and export it as
 * an incident report (md), JSON, CSV or PNG. Follows the live relay, or shows a previous run's
 * journal or an exported JSON file for offline review. What is shown and what the commands do is
 * {@link TimelineViewModel}'s (file work in {@link TimelineActions}, off the FX thread); this class
 * draws it and keeps the drawing's own state: zoom, pan, follow, the selected window.
 */
public final class TimelineView implements FrameView {
  /** Margin either side of an incident the operator picks. */
  static final long INCIDENT_PAD_MILLIS = 3_000;

  private final ExecutorService io;
  private final TimelineViewModel model;
  private final TimelineCanvas canvas = new TimelineCanvas();
  private final BorderPane root = new BorderPane();
  private final ToggleButton follow = new ToggleButton("Follow live");
  private final Label source = new Label("live");
  private final Label status = new Label();
  private final TextArea detail = new TextArea();
  private final ListView<Incident> incidentList = new ListView<>();
  private final ProgressIndicator progress = new ProgressIndicator();
  private final Path defaultJournal;
  private final ScrollPane scroll = new ScrollPane();
  private long lastIncidents = -1;
  /** False while the list is refilled: re-selecting the same incident is not the operator's pick. */
  private boolean following = true;

  public TimelineView(ExecutorService io, Path journalDir, JournalSaved journalSaved, Selection selection) {
    this.io = io;
    this.model = new TimelineViewModel(new TimelineActions(io, journalDir, journalSaved), Platform::runLater);
    canvas.cursor.bindBidirectional(selection.timeCursorProperty());
    this.defaultJournal = journalDir != null ? journalDir : JournalFiles.defaultDir();
    canvas.setId("timeline-canvas");
    follow.setId("timeline-follow");
    follow.setSelected(true);
    follow.selectedProperty().addListener((o, was, is) -> {
      if (is) showLive();
    });
    source.setId("timeline-source");
    source.getStyleClass().add("toolbar-label");
    source.textProperty().bind(model.sourceProperty());
    status.getStyleClass().add("toolbar-label");
    status.textProperty().bind(model.statusProperty());
    progress.visibleProperty().bind(model.loadingProperty());
    progress.setPrefSize(18, 18);

    var fit = new Button("Fit");
    fit.setOnAction(e -> fit());
    var zoomIn = new Button("+");
    zoomIn.setOnAction(e -> zoomBy(0.5));
    var zoomOut = new Button("−");
    zoomOut.setOnAction(e -> zoomBy(2));
    var open = new MenuButton("Open");
    var openJournal = new MenuItem("Journal directory…");
    openJournal.setOnAction(e -> chooseJournal());
    var openExport = new MenuItem("Exported JSON…");
    openExport.setOnAction(e -> chooseExport());
    open.getItems().addAll(openJournal, openExport);
    var export = new MenuButton("Export");
    export.setId("timeline-export");
    export.disableProperty().bind(model.exportingProperty()); // one export at a time: the next waits for the file
    export.getItems().addAll(exportItem("Incident report (Markdown)…", "md"), exportItem("Facts as JSON…", "json"),
        exportItem("Facts as CSV…", "csv"), exportItem("Timeline picture (PNG)…", "png"));
    var bar = new ToolBar(follow, fit, zoomIn, zoomOut, new Separator(Orientation.VERTICAL), open, export,
        new Separator(Orientation.VERTICAL), source, status, progress);

    detail.setId("timeline-detail");
    detail.setEditable(false);
    detail.textProperty().bind(model.detailProperty());
    detail.setWrapText(true);
    detail.setPromptText("Click a mark to see its fact. Drag to select a window; Shift-drag or right-drag pans; scroll zooms.");
    incidentList.setId("timeline-incidents");
    incidentList.setPlaceholder(new Label("No incidents."));
    incidentList.setCellFactory(v -> new ListCell<>() {
      @Override
      protected void updateItem(Incident item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty || item == null ? null : Format.timeMillis(item.atMillis()) + "  " + item.what());
        setTooltip(empty || item == null ? null : new Tooltip(Format.timeMillis(item.atMillis())
            + (item.endMillis() > item.atMillis() ? " – " + Format.timeMillis(item.endMillis()) : "") + "\n" + item.what()
            + "\nClick to show it on the timeline."));
      }
    });
    // A click on the incident already selected shows it again (after a pan or zoom).
    incidentList.setOnMouseClicked(e -> {
      Incident picked = incidentList.getSelectionModel().getSelectedItem();
      if (picked != null) zoomOnto(picked);
    });
    incidentList.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> {
      if (is != null && following) zoomOnto(is);
    });
    canvas.onPick(model::pick);
    // A journal or an export loaded: shown whole, not following live.
    model.shownProperty().addListener((o, was, is) -> {
      if (model.offline()) {
        follow.setSelected(false);
        lastIncidents = -1;
        fit();
      }
    });
    canvas.onViewChanged(() -> follow.setSelected(false));

    scroll.setContent(canvas);
    scroll.setFitToWidth(true);
    scroll.viewportBoundsProperty().addListener(o -> fitHeight());
    var side = new SplitPane(incidentList, detail);
    side.setOrientation(Orientation.VERTICAL);
    var split = new SplitPane(scroll, side);
    split.setDividerPositions(0.75);
    root.setTop(new VBox(bar, TimelineLegend.create()));
    root.setCenter(split);
  }

  public Node node() {
    return root;
  }

  @Override
  public void render(ConsoleFrame frame) {
    model.addLive(frame.newFacts());
    if (model.offline() || !Showing.on(root)) return; // nothing to redraw on a hidden tab
    if (follow.isSelected()) {
      // The same span, slid to now with a 2 % lead (the lead is part of the span: adding it on top
      // widened the view every frame).
      long span = Math.max(10_000, canvas.viewEnd() - canvas.viewStart());
      long now = frame.takenAtMillis();
      long lead = span / 51;
      canvas.setView(now + lead - span, now + lead);
    }
    refresh();
  }


  /** Tall enough for every lane, and at least the visible area. */
  private void fitHeight() {
    // Only a new height: setting the same one still asks for a layout, whose pass hands the scroll
    // pane new viewport bounds, which came back here: the toolkit pulsed 60 times a second for ever.
    double h = Math.max(canvas.lanesHeight(), scroll.getViewportBounds().getHeight());
    if (h != canvas.getPrefHeight()) canvas.setPrefHeight(h);
  }

  private void refresh() {
    canvas.setData(model.shown());
    fitHeight();
    List<Incident> incidents = model.shown().incidents();
    // An incident that goes on (flagged, then evicted) changes its words, not the count.
    if (incidents.size() != lastIncidents || !incidents.equals(incidentList.getItems())) {
      lastIncidents = incidents.size();
      Incident picked = incidentList.getSelectionModel().getSelectedItem();
      incidentList.setItems(FXCollections.observableArrayList(incidents));
      if (picked != null) incidents.stream().filter(i -> i.atMillis() == picked.atMillis() && i.lane().equals(picked.lane()))
          .findFirst().ifPresent(i -> {
            following = false;
            incidentList.getSelectionModel().select(i);
            following = true;
          });
    }
    model.showCounts(incidents.size());
  }

  private void showLive() {
    model.showLive();
    lastIncidents = -1;
    refresh();
  }

  /** Shows facts loaded from a journal or an export; live facts keep being collected meanwhile. */
  void showOffline(String name, List<RunFact> facts) {
    model.showOffline(name, facts);
  }

  private void fit() {
    TimelineData shown = model.shown();
    long first = shown.firstMillis();
    long last = shown.lastMillis();
    long pad = Math.max(500, (last - first) / 50);
    canvas.setView(first - pad, last + pad);
    if (!model.offline()) follow.setSelected(false);
    refresh();
  }

  private void zoomBy(double factor) {
    long mid = (canvas.viewStart() + canvas.viewEnd()) / 2;
    long half = Math.max(50, Math.round((canvas.viewEnd() - canvas.viewStart()) * factor / 2));
    follow.setSelected(false);
    canvas.setView(mid - half, mid + half);
  }

  /** The incident whole, from its flag to its end, with a margin either side; not following live. */
  private void zoomOnto(Incident incident) {
    long pad = Math.max(INCIDENT_PAD_MILLIS, (incident.endMillis() - incident.atMillis()) / 10);
    zoomTo(incident.atMillis() - pad, incident.endMillis() + pad);
    canvas.cursor.set(incident.atMillis());
  }

  private void chooseJournal() {
    var chooser = new DirectoryChooser();
    chooser.setTitle("Open a journal directory");
    if (Files.isDirectory(defaultJournal)) chooser.setInitialDirectory(defaultJournal.toFile());
    File dir = chooser.showDialog(root.getScene().getWindow());
    if (dir != null) load(dir.toPath());
  }

  private void chooseExport() {
    var chooser = new FileChooser();
    chooser.setTitle("Open an exported journal (JSON)");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Relayscope export", "*.json"));
    File file = chooser.showOpenDialog(root.getScene().getWindow());
    if (file != null) load(file.toPath());
  }

  /** Loads a journal directory, a journal file or an exported JSON file, off the FX thread. */
  public void load(Path path) {
    model.load(path);
  }

  private MenuItem exportItem(String label, String format) {
    var item = new MenuItem(label);
    item.setId("timeline-export-" + format);
    item.setOnAction(e -> {
      long[] window = canvas.window();
      String what = (canvas.hasSelection() ? "the selected window" : "the visible window") + " as " + label.replace("…", "");
      String span = Format.timeMillis(window[0]) + " – " + Format.timeMillis(window[1]) + " ("
          + Format.duration(window[1] - window[0]) + ")";
      // Our own dialog, not the platform's chooser: it fits a 1280x720 screen and says where it saved.
      new ExportDialog(root.getScene().getWindow(), what, span, model.exportFolderProperty().get(),
          IncidentExport.defaultName(window[0], window[1], IncidentExport.Format.valueOf(format)), io,
          file -> {
            model.exportFolderProperty().set(file.getParent());
            return model.export(format, file, window);
          }, dir -> folderOpener.accept(dir)).show();
    });
    return item;
  }

  /**
   * Exports the selected window (or the visible one) to {@code file} (the save dialog asked before
   * replacing it) through the same call as {@code relayscope export}, over the same facts: live, the
   * relay's journal on disk (the ring shown may have let older facts go); offline, those loaded. The
   * window is closed at the last fact, so the same window gives the same file from either. Writing
   * happens off the FX thread. Returns the window asked for.
   */
  public long[] export(String format, Path file) {
    long[] window = canvas.window();
    model.export(format, file, window);
    return window;
  }

  /**
   * Shows the live facts of {@code [from, to]} (epoch millis), not following live: where an incident
   * strip sends the operator.
   */
  public void zoomTo(long from, long to) {
    if (model.offline()) showLive();
    follow.setSelected(false);
    canvas.setView(from, Math.max(to, from + 1000));
    canvas.cursor.set(from);
    refresh();
  }

  /** The window shown: {start, end} in epoch millis. */
  public long[] view() {
    return new long[] {canvas.viewStart(), canvas.viewEnd()};
  }

  /** Selects a window, as dragging does. */
  public void select(long from, long to) {
    follow.setSelected(false);
    canvas.select(from, to);
  }

  /** Opens a folder in the desktop's file manager; called off the FX thread. */
  private Consumer<Path> folderOpener = DesktopFolder::open;

  /** Replaces how "Open folder" opens a folder (tests: where there is no desktop). */
  void folderOpener(Consumer<Path> opener) {
    folderOpener = opener;
  }

  /** The marks shown, for tests. */
  List<Mark> marks() {
    return model.shown().marks(System.currentTimeMillis());
  }

  List<Incident> incidents() {
    return model.shown().incidents();
  }
}
