package io.relayscope.ui.clients;

import io.relayscope.metrics.ClientStats;
import io.relayscope.ui.ConsoleFrame;
import io.relayscope.ui.Format;
import io.relayscope.ui.FrameView;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** The last clients to go: when, with which close code and reason, and what they had received. */
public final class RecentlyClosedView implements FrameView {
  private final ObservableList<ClientStats> rows = FXCollections.observableArrayList();
  private final TableView<ClientStats> table = new TableView<>(rows);
  private List<ClientStats> shown = List.of();
  /** Room a cell takes besides its text (padding, a little air). */
  private static final double REASON_PADDING = 24;
  private final TableColumn<ClientStats, String> reason = col("Reason", 460, ClientStats::closeReason);

  public RecentlyClosedView() {
    table.setId("closed-table");
    table.setPlaceholder(new Label("No client has disconnected yet."));
    table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
    table.getColumns().addAll(List.of(
        col("Id", 48, ClientStats::id),
        col("Closed", 80, s -> Format.timeMillis(s.closedAtMillis())),
        col("Code", 120, s -> CloseCodeText.shortName(s.closeCode())),
        reason,
        col("Remote", 130, ClientStats::remoteAddress),
        col("User agent", 130, ClientStats::userAgent),
        col("Connected", 80, s -> Format.time(s.connectedAtMillis())),
        col("Frames sent", 80, s -> Format.count(s.framesSent())),
        col("Dropped", 70, s -> Format.count(s.dropped())),
        col("Send max", 70, s -> Format.millis(s.sendLatency().maxMs()))));
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
    fitReasons(closed);
  }

  /**
   * Widens the Reason column to the longest reason shown, so no reason is cut with an ellipsis
   * (the table scrolls sideways instead); the tooltip has it all too.
   */
  private void fitReasons(List<ClientStats> closed) {
    var measure = new javafx.scene.text.Text();
    var cell = table.lookup(".table-cell");
    if (cell instanceof javafx.scene.control.Labeled l) measure.setFont(l.getFont());
    double widest = 0;
    for (ClientStats s : closed) {
      measure.setText(s.closeReason());
      widest = Math.max(widest, measure.getLayoutBounds().getWidth());
    }
    double needed = Math.ceil(widest) + REASON_PADDING;
    if (needed > reason.getWidth()) reason.setPrefWidth(needed);
  }

  private static TableColumn<ClientStats, String> col(String name, double width, Function<ClientStats, String> value) {
    var c = new TableColumn<ClientStats, String>(name);
    c.setPrefWidth(width);
    c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    // Nothing is cut off for good: the row's tooltip has the close code's meaning and the whole reason.
    c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
      @Override
      protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        setText(empty ? null : item);
        ClientStats s = empty || getTableRow() == null ? null : getTableRow().getItem();
        setTooltip(s == null ? null : new javafx.scene.control.Tooltip(CloseCodeText.describe(s)));
      }
    });
    return c;
  }
}
