package io.relayscope.ui.clients;

import io.relayscope.metrics.ClientStats;
import io.relayscope.ui.frame.ConsoleFrame;
import io.relayscope.ui.frame.FrameView;
import io.relayscope.ui.fx.ColumnFit;
import io.relayscope.ui.fx.Format;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

/** The last clients to go: when, with which close code and reason, and what they had received. */
public final class RecentlyClosedView implements FrameView {
  private final ObservableList<ClientStats> rows = FXCollections.observableArrayList();
  private final TableView<ClientStats> table = new TableView<>(rows);
  private List<ClientStats> shown = List.of();
  /** What each column shows, to fit it to its texts. */
  private final Map<TableColumn<ClientStats, String>, Function<ClientStats, String>> shows = new LinkedHashMap<>();

  public RecentlyClosedView() {
    table.setId("closed-table");
    table.setPlaceholder(new Label("No client has disconnected yet."));
    table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
    col("Id", 48, ClientStats::id);
    col("Closed", 80, s -> Format.timeMillis(s.closedAtMillis()));
    col("Code", 120, s -> CloseCodeText.shortName(s.closeCode()));
    col("Reason", 460, ClientStats::closeReason);
    col("Remote", 130, ClientStats::remoteAddress);
    col("User agent", 130, ClientStats::userAgent);
    col("Connected", 80, s -> Format.time(s.connectedAtMillis()));
    col("Frames sent", 80, s -> Format.count(s.framesSent()));
    col("Dropped", 70, s -> Format.count(s.dropped()));
    col("Send max", 70, s -> Format.millis(s.sendLatency().maxMs()));
    table.getColumns().addAll(shows.keySet());
  }

  public Node node() {
    return table;
  }

  @Override
  public void render(ConsoleFrame frame) {
    List<ClientStats> closed = frame.relay().recentlyClosed();
    if (closed.equals(shown)) return;
    shown = closed;
    rows.setAll(closed);
    fit(closed);
  }

  /**
   * Widens each column to its header and its longest text, so nothing is cut with an ellipsis
   * (the table scrolls sideways instead); the tooltip has it all too.
   */
  private void fit(List<ClientStats> closed) {
    ColumnFit.headers(table);
    shows.forEach((c, value) -> ColumnFit.cells(table, c, closed.stream().map(value).toList()));
  }

  private void col(String name, double width, Function<ClientStats, String> value) {
    var c = new TableColumn<ClientStats, String>(name);
    shows.put(c, value);
    c.setPrefWidth(width);
    c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    // Nothing is cut off for good: the row's tooltip has the close code's meaning and the whole reason.
    c.setCellFactory(col -> new TableCell<>() {
      @Override
      protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty ? null : item);
        ClientStats s = empty || getTableRow() == null ? null : getTableRow().getItem();
        setTooltip(s == null ? null : new Tooltip(CloseCodeText.describe(s)));
      }
    });
  }
}
