package io.relayscope.ui.log;

import io.relayscope.ui.fx.Format;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

/** The log's table: one row per {@link LogEntry}, in arrival order, rejected inputs and gaps styled apart. */
final class LogTable {
  /** Fixed row height: lets the table skip measuring twenty thousand rows. */
  static final double ROW_HEIGHT = 22;

  private LogTable() {}

  static TableView<LogEntry> create(ObservableList<LogEntry> rows) {
    var table = new TableView<>(rows);
    table.setId("log-table");
    table.getStyleClass().add("event-log");
    table.setPlaceholder(new Label("No events yet. Engines send to the event socket shown in the status bar."));
    table.setFixedCellSize(ROW_HEIGHT);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.getColumns().addAll(List.of(
        column("Time", 92, e -> Format.timeMillis(e.atMillis())),
        column("Seq", 64, e -> e.seq() < 0 ? "" : Format.count(e.seq()), "log-number"),
        column("Machine", 140, e -> e.machine() == null ? "—" : e.machine()),
        column("Type", 120, LogEntry::type),
        column("Bytes", 72, e -> e.bytes() < 0 ? "" : Format.bytes(e.bytes()), "log-number"),
        column("Summary", 520, LogEntry::summary, "log-summary")));
    table.setRowFactory(t -> new LogRow());
    return table;
  }

  /** Rows are chronological: sorting would fight the tail-following, so columns do not sort. */
  private static TableColumn<LogEntry, String> column(String name, double width, Function<LogEntry, String> value,
      String... styleClasses) {
    var col = new TableColumn<LogEntry, String>(name);
    col.setPrefWidth(width);
    col.setMinWidth(40);
    col.setSortable(false);
    col.getStyleClass().addAll(styleClasses);
    col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
    return col;
  }

  private static final class LogRow extends TableRow<LogEntry> {
    private final Tooltip detail = new Tooltip();

    LogRow() {
      detail.setWrapText(true);
      detail.setMaxWidth(600);
    }

    @Override
    protected void updateItem(LogEntry e, boolean empty) {
      super.updateItem(e, empty);
      getStyleClass().removeAll("log-rejected", "log-gap", "log-error");
      setTooltip(null);
      if (empty || e == null) return;
      switch (e.kind()) {
        case REJECTED -> {
          getStyleClass().add("log-rejected");
          detail.setText(e.summary() + (e.detail() == null ? "" : "\n\n" + e.detail()));
          setTooltip(detail);
        }
        case GAP -> getStyleClass().add("log-gap");
        case EVENT -> {
          if ("error".equals(e.type()) || e.summary().startsWith("[error]")) getStyleClass().add("log-error");
          // Free text of any length: the last column shows what fits, the tooltip (and the detail pane) all of it.
          detail.setText(e.summary());
          setTooltip(detail);
        }
      }
    }
  }
}
