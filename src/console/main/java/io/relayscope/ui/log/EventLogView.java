package io.relayscope.ui.log;

import io.relayscope.core.RelayCore;
import io.relayscope.journal.JournalFact;
import io.relayscope.machines.MachineSnapshot;
import io.relayscope.ui.frame.ConsoleFrame;
import io.relayscope.ui.frame.FrameView;
import io.relayscope.ui.frame.Selection;
import io.relayscope.ui.fx.ColumnFit;
import io.relayscope.ui.fx.Format;
import io.relayscope.ui.fx.Showing;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/**
 * Every event the relay accepted (activity_log lines included) and every input it rejected, newest
 * at the bottom, filtered by machine, type and text. Each frame's rows are appended in one batch;
 * the oldest go once {@link #MAX_ROWS} are kept.
 */
public final class EventLogView implements FrameView {
  /** Rows kept; older ones are dropped, the journal and the relay's metrics still count them. */
  static final int MAX_ROWS = 20_000;

  private final ObservableList<LogEntry> rows = FXCollections.observableArrayList();
  private final FilteredList<LogEntry> shown = new FilteredList<>(rows, LogFilter.ALL);
  private final TableView<LogEntry> table = LogTable.create(shown);
  private final TailFollower tail = new TailFollower(table);
  private final LogFilterBar filters;
  private final Label count = new Label();
  private final BorderPane root = new BorderPane();
  private final EventDetail detail;

  public EventLogView(RelayCore core, Selection selection, ExecutorService io) {
    filters = new LogFilterBar(selection);
    detail = new EventDetail(core, io);
    table.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> detail.show(is));
    filters.filterProperty().addListener((o, was, is) -> {
      shown.setPredicate(is);
      tail.refiltered();
      showCount();
    });
    count.setId("log-count");
    count.getStyleClass().add("toolbar-label");
    count.setMinWidth(Region.USE_PREF_SIZE);
    var spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    var bar = new HBox(8, filters.node(), spacer, count);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("log-toolbar");
    bar.setPadding(new Insets(4, 8, 4, 8));
    HBox.setHgrow(filters.node(), Priority.ALWAYS);

    var center = new StackPane(table, tail.notice());
    StackPane.setAlignment(tail.notice(), Pos.BOTTOM_RIGHT);
    StackPane.setMargin(tail.notice(), new Insets(0, 24, 24, 0));
    root.setTop(bar);
    // The selected row in full below the table: the event's JSON, copyable.
    var split = new SplitPane(center, detail.node());
    split.setOrientation(Orientation.VERTICAL);
    split.setDividerPositions(0.68);
    SplitPane.setResizableWithParent(detail.node(), false);
    root.setCenter(split);
    showCount();
  }

  public Node node() {
    return root;
  }

  /**
   * Rows that arrived while the log was on a hidden tab: held here, not in the table, which would
   * lay itself out (and scroll to the end) for every frame's rows though nobody sees it.
   */
  private final ArrayList<LogEntry> held = new ArrayList<>();

  @Override
  public void render(ConsoleFrame frame) {
    tail.check();
    var batch = new ArrayList<LogEntry>();
    if (frame.factsSkipped() > 0) batch.add(LogEntry.gap(frame.takenAtMillis(), frame.factsSkipped()));
    for (JournalFact f : frame.newFacts()) {
      LogEntry e = LogEntry.of(f);
      if (e != null) batch.add(e);
    }
    filters.learn(batch, machineNames(frame.machines()));
    if (!Showing.on(root)) {
      held.addAll(batch);
      if (held.size() > MAX_ROWS) held.subList(0, held.size() - MAX_ROWS).clear();
      return;
    }
    if (!held.isEmpty()) {
      held.addAll(batch);
      batch = new ArrayList<>(held);
      held.clear();
    }
    if (batch.isEmpty()) return;

    LogFilter filter = filters.filterProperty().get();
    int visible = 0;
    for (LogEntry e : batch) if (filter.test(e)) visible++;
    rows.addAll(batch);
    if (rows.size() > MAX_ROWS) rows.remove(0, rows.size() - MAX_ROWS);
    // With the cells' own font (a 4K screen scales it): a time is never squeezed to "05:26:44.7…".
    ColumnFit.atLeast(table, table.getColumns().get(0), "00:00:00.000");
    tail.appended(visible);
    showCount();
  }


  private static List<String> machineNames(List<MachineSnapshot> machines) {
    var names = new ArrayList<String>(machines.size());
    for (MachineSnapshot m : machines) names.add(m.name());
    return names;
  }

  private void showCount() {
    count.setText(shown.size() == rows.size() ? Format.count(rows.size()) + " rows"
        : Format.count(shown.size()) + " of " + Format.count(rows.size()) + " rows");
  }
}
