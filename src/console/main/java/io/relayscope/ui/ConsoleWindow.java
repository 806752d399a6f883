package io.relayscope.ui;

import io.relayscope.ui.charts.ChartsView;
import io.relayscope.ui.clients.ClientsView;
import io.relayscope.ui.clients.RecentlyClosedView;
import io.relayscope.ui.diagram.StateDiagramView;
import io.relayscope.ui.frame.FrameView;
import io.relayscope.ui.frame.Selection;
import io.relayscope.ui.incidents.IncidentStrip;
import io.relayscope.ui.log.EventLogView;
import io.relayscope.ui.machines.MachinesView;
import io.relayscope.ui.notify.Notifier;
import io.relayscope.ui.status.StatusBarView;
import io.relayscope.ui.theme.Theme;
import io.relayscope.ui.timeline.TimelineView;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.prefs.Preferences;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.controlsfx.control.NotificationPane;

/**
 * The console's main window: machines on the left, the selected machine's diagram above the
 * clients, charts and event log, the status bar below. Every view renders frames pulled by
 * {@link ConsoleModel}; none is called from a relay thread.
 */
public final class ConsoleWindow implements AutoCloseable {
  private final ConsoleModel model;
  private final Preferences prefs;
  private final Selection selection = new Selection();
  private final ExecutorService actions = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "console-actions");
    t.setDaemon(true);
    return t;
  });
  private final BorderPane root = new BorderPane();
  private final TabPane tabs = new TabPane();
  private final NotificationPane notices = new NotificationPane();
  private final Scene scene;
  private final StatusBarView status;
  private final MachinesView machines = new MachinesView(selection);
  private final StateDiagramView diagram;
  private final ClientsView clients;
  private final RecentlyClosedView closed = new RecentlyClosedView();
  private final ChartsView charts;
  private final EventLogView log;
  private final TimelineView timeline;
  private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "console-io");
    t.setDaemon(true);
    return t;
  });
  private final IncidentStrip incidents;
  private Theme theme = Theme.LIGHT;
  private final ToggleButton dark = new ToggleButton();

  public ConsoleWindow(ConsoleModel model) {
    this(model, WindowPlacement.userPreferences());
  }

  /** {@code prefs}: where the window's place and the operator's choices (columns) are remembered. */
  public ConsoleWindow(ConsoleModel model, Preferences prefs) {
    this.model = model;
    this.prefs = prefs;
    status = new StatusBarView(model.core()::journalStatus);
    diagram = new StateDiagramView(model.definitions(), model::lastRendered, selection);
    clients = new ClientsView(model.core(), actions, prefs);
    charts = new ChartsView(model.core().relay().config().keepaliveTimeout(), selection);
    log = new EventLogView(model.core(), selection, io);
    timeline = new TimelineView(io, model.core().config().journalDir(), model.core()::awaitJournalSaved, selection);

    incidents = new IncidentStrip(this::showInTimeline);
    tabs.setId("main-tabs");
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    tabs.getTabs().addAll(
        tab("clients-tab", "Clients", clients.node()),
        tab("closed-tab", "Recently closed", closed.node()),
        tab("charts-tab", "Charts", charts.node()),
        tab("log-tab", "Event log", log.node()),
        tab("timeline-tab", "Timeline", timeline.node()));

    var right = new SplitPane(diagram.node(), tabs);
    right.setOrientation(Orientation.VERTICAL);
    right.setDividerPositions(0.48);
    var center = new SplitPane(machines.node(), right);
    center.setDividerPositions(0.2);
    SplitPane.setResizableWithParent(machines.node(), false);

    notices.setId("notices");
    notices.setShowFromTop(false); // from the bottom: the tabs and toolbar stay visible
    notices.setContent(center);
    root.setTop(new VBox(toolbar(), incidents.node()));
    root.setCenter(notices);
    root.setBottom(status.node());
    scene = new Scene(new ScaledRoot(root), 1440, 900);
    theme.apply(scene);

    for (FrameView v : new FrameView[] {status, incidents, machines, diagram, clients, closed, charts, log, timeline}) model.addView(v);
  }

  private ToolBar toolbar() {
    var title = new Label("Relayscope");
    title.getStyleClass().add("title");
    var endpoint = new Label(model.core().endpoint() + "  ·  events from " + model.core().config().eventSocketPath());
    endpoint.getStyleClass().add("toolbar-label");
    var spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    // Says which theme is on (pressed = dark), and follows setTheme.
    dark.setId("theme-toggle");
    dark.setMinWidth(Region.USE_PREF_SIZE);
    dark.setTooltip(new Tooltip("Switch between the light and the dark theme"));
    dark.selectedProperty().addListener((o, was, is) -> setTheme(is ? Theme.DARK : Theme.LIGHT));
    showTheme();
    var bar = new ToolBar(title, endpoint, spacer, dark);
    bar.setId("main-toolbar");
    return bar;
  }

  private void showInTimeline(long from, long to) {
    tabs.getTabs().stream().filter(t -> "timeline-tab".equals(t.getId())).findFirst()
        .ifPresent(t -> tabs.getSelectionModel().select(t));
    timeline.zoomTo(from, to);
  }

  private static Tab tab(String id, String name, Node content) {
    var t = new Tab(name, content);
    t.setId(id);
    return t;
  }

  public void setTheme(Theme t) {
    theme = t;
    t.apply(scene);
    showTheme();
  }

  private void showTheme() {
    dark.setSelected(theme == Theme.DARK);
    dark.setText(theme == Theme.DARK ? "Theme: Dark" : "Theme: Light");
  }

  public Scene scene() {
    return scene;
  }

  public TabPane tabs() {
    return tabs;
  }

  public TimelineView timeline() {
    return timeline;
  }

  public ConsoleModel model() {
    return model;
  }

  public Selection selection() {
    return selection;
  }

  /**
   * Puts the window on {@code stage} and starts rendering. Closing the window stops the views and
   * shuts the relay down off the FX thread (clients get 1001, the socket file goes), then runs
   * {@code afterShutdown}. FX thread.
   */
  public void show(Stage stage, Runnable afterShutdown) {
    stage.setTitle("Relayscope — " + model.core().endpoint());
    stage.setScene(scene);
    var placement = new WindowPlacement(prefs);
    placement.restore(stage);
    stage.setOnCloseRequest(e -> {
      placement.save(stage);
      close();
      Thread t = new Thread(() -> {
        model.core().close();
        afterShutdown.run();
      }, "console-shutdown");
      t.start();
    });
    stage.show();
    model.addView(Notifier.inPane(notices));
    model.start();
  }

  @Override
  public void close() {
    model.close();
    actions.shutdownNow();
    io.shutdown(); // let an export in progress finish
  }
}
