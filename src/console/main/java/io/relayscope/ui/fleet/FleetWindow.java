package io.relayscope.ui.fleet;

import io.relayscope.fleet.console.FleetFrame;
import io.relayscope.fleet.console.FleetModel;
import io.relayscope.fleet.console.ReplayProgress;
import io.relayscope.journal.JournalFact;
import io.relayscope.ui.frame.ConsoleFrame;
import io.relayscope.ui.frame.Selection;
import io.relayscope.ui.fx.Format;
import io.relayscope.ui.theme.Theme;
import io.relayscope.ui.timeline.JournalSaved;
import io.relayscope.ui.timeline.TimelineView;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.slf4j.LoggerFactory;

/**
 * The console attached to a fleet (no local relay): machines grouped by node on the left, every
 * node's clients and the timeline across nodes on the right, the connection and the history
 * replay's progress on top. As in the local console, a sampler thread takes frames from the model
 * and hands the newest to the FX thread with one {@code runLater} (never more than one waiting);
 * NATS threads never touch the UI. No FX {@code Timeline} drives it: an animation keeps the toolkit
 * pulsing 60 times a second for ever, and each pulse is CSS, layout and a render the relays' host pays for.
 */
public final class FleetWindow implements AutoCloseable {
  /** Facts handed to the timeline per frame at most; a long replay drains over several frames. */
  static final int MAX_FACTS_PER_FRAME = 5_000;

  private final FleetModel model;
  private final long periodMillis;
  private final String title;
  private final ExecutorService actions = Executors.newSingleThreadExecutor(r -> daemon(r, "fleet-actions"));
  private final ExecutorService io = Executors.newSingleThreadExecutor(r -> daemon(r, "fleet-io"));
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fleet-sampler"));
  private final AtomicReference<FleetFrame> latest = new AtomicReference<>();
  /** A render is waiting on the FX thread: the sampler does not queue another behind it. */
  private final AtomicBoolean renderPosted = new AtomicBoolean();
  private final FleetMachinesView machines = new FleetMachinesView();
  private final FleetClientsView clients;
  private final TimelineView timeline;
  private final TabPane tabs = new TabPane();
  private final Label connection = new Label();
  private final ProgressBar replay = new ProgressBar(0);
  private final Label replayText = new Label();
  private final Scene scene;
  private volatile boolean closed;
  /** The wall-clock second of the last frame: ages (in state, last report) move once a second, all in one frame. */
  private long shownSecond = -1;
  /** The replay had caught up when last shown: from then on its count of messages moves once a second. */
  private boolean shownCaughtUp;

  /**
   * {@code prefs}: the console's preferences; every node's clients table remembers the columns the
   * operator chose for the fleet under its "fleet" node, apart from the local console's.
   */
  public FleetWindow(FleetModel model, String title, long periodMillis, Preferences prefs) {
    this.model = model;
    this.title = title;
    this.periodMillis = periodMillis;
    clients = new FleetClientsView(model, actions, prefs.node("fleet"));
    timeline = new TimelineView(io, null, JournalSaved.NONE, new Selection());
    tabs.setId("fleet-tabs");
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    tabs.getTabs().addAll(tab("fleet-clients-tab", "Clients by node", clients.node()),
        tab("fleet-timeline-tab", "Timeline (all nodes)", timeline.node()));
    var center = new SplitPane(machines.node(), tabs);
    center.setDividerPositions(0.26);
    SplitPane.setResizableWithParent(machines.node(), false);

    var root = new BorderPane();
    root.setTop(toolbar());
    root.setCenter(center);
    scene = new Scene(root, 1440, 900);
    Theme.LIGHT.apply(scene);
    scene.getStylesheets().add(FleetWindow.class.getResource("/io/relayscope/ui/fleet/fleet.css").toExternalForm());
  }

  private ToolBar toolbar() {
    var name = new Label("Relayscope · fleet");
    name.getStyleClass().add("title");
    var where = new Label(title);
    where.getStyleClass().add("toolbar-label");
    connection.setId("fleet-connection");
    connection.getStyleClass().add("toolbar-label");
    replay.setId("fleet-replay");
    replay.setPrefWidth(160);
    replayText.setId("fleet-replay-label");
    replayText.getStyleClass().add("toolbar-label");
    var spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    var bar = new ToolBar(name, where, connection, spacer, replay, replayText);
    bar.setId("fleet-toolbar");
    return bar;
  }

  private static Tab tab(String id, String name, Node content) {
    var t = new Tab(name, content);
    t.setId(id);
    return t;
  }

  /** Puts the window on {@code stage} and starts rendering; closing it detaches from NATS, then runs {@code afterClose}. FX thread. */
  public void show(Stage stage, Runnable afterClose) {
    stage.setTitle("Relayscope — fleet — " + title);
    stage.setScene(scene);
    stage.setOnCloseRequest(e -> {
      close();
      Thread t = new Thread(() -> {
        model.close();
        afterClose.run();
      }, "fleet-shutdown");
      t.start();
    });
    stage.show();
    start();
  }

  /** Starts sampling (off the FX thread) and rendering (on it). FX thread. */
  public void start() {
    sampler.scheduleAtFixedRate(() -> {
      try {
        latest.set(model.frame());
      } catch (RuntimeException e) {
        LoggerFactory.getLogger(FleetWindow.class).warn("fleet sample failed", e);
      }
      postRender();
    }, 0, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Asks the FX thread to render the newest frame, unless it has yet to run the last request. */
  private void postRender() {
    if (!renderPosted.compareAndSet(false, true)) return;
    Platform.runLater(() -> {
      renderPosted.set(false);
      if (!closed) render();
    });
  }

  /**
   * FX thread: the newest frame, and the facts that arrived since the last one (bounded per frame).
   * Only what changed is touched: a label set to its own text, or a cell refilled with the same
   * words, asks the toolkit for nothing.
   */
  private void render() {
    FleetFrame frame = latest.get();
    List<JournalFact> facts = model.drainFacts(MAX_FACTS_PER_FRAME);
    if (frame == null) return;
    long second = frame.takenAtMillis() / 1000;
    boolean tick = second != shownSecond;
    shownSecond = second;
    machines.render(frame, tick);
    clients.render(frame, tick);
    connection.setText(frame.connection());
    ReplayProgress progress = frame.progress();
    if (tick || !progress.caughtUp() || !shownCaughtUp) showProgress(progress);
    timeline.render(new ConsoleFrame(frame.takenAtMillis(), null, List.of(), facts, model.takeSkippedFacts()));
  }

  private void showProgress(ReplayProgress p) {
    boolean done = p.caughtUp();
    shownCaughtUp = done;
    replay.setVisible(!done);
    replay.setProgress(p.fraction());
    long read = p.eventsDelivered() + p.factsDelivered();
    replayText.setText(done ? "live · " + Format.count(read) + " messages read"
        : "opening history: " + Math.round(p.fraction() * 100) + "% (" + Format.count(read) + " of "
            + Format.count(read + p.eventsPending() + p.factsPending()) + " messages)");
  }

  public Scene scene() {
    return scene;
  }

  public FleetModel model() {
    return model;
  }

  FleetMachinesView machines() {
    return machines;
  }

  FleetClientsView clients() {
    return clients;
  }

  public TabPane tabs() {
    return tabs;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Stops rendering and the window's threads; the model is the caller's to close. */
  @Override
  public void close() {
    closed = true;
    sampler.shutdownNow();
    actions.shutdownNow();
    io.shutdown();
  }
}
