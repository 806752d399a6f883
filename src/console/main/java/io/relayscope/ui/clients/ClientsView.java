package io.relayscope.ui.clients;

import io.relayscope.core.RelayCore;
import io.relayscope.metrics.ClientState;
import io.relayscope.metrics.ClientStats;
import io.relayscope.ui.frame.ConsoleFrame;
import io.relayscope.ui.frame.FrameView;
import io.relayscope.ui.fx.ColumnFit;
import io.relayscope.ui.fx.Format;
import io.relayscope.ui.fx.StyleClass;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.prefs.Preferences;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * Live clients with every figure the relay measures, colour-coded by state, with a send-latency
 * sparkline per row; Disconnect (with confirmation and a reason) and Disconnect all flagged
 * (LAGGING or NOT READING). The operator picks the columns (the table's menu button); a few
 * figures start hidden. What it shows and what its buttons do is {@link ClientsViewModel}'s: this
 * class builds the nodes, binds them, and asks the operator.
 */
public final class ClientsView implements FrameView {
  private final ClientsViewModel model;
  private final TableView<ClientRow> table;
  private final Button disconnect = new Button("Disconnect…");
  private final Button disconnectSlow = new Button("Disconnect all flagged…");
  private final Label summary = new Label();
  private final BorderPane root = new BorderPane();

  /** Remembers the columns in {@code prefs} (the console's preferences). */
  public ClientsView(RelayCore core, ExecutorService actions, Preferences prefs) {
    this((client, why) -> core.disconnect(client.id(), why), actions, prefs);
  }

  /** Disconnect goes through {@code disconnector} (the fleet sends it to the client's node). */
  public ClientsView(ClientActions.Disconnector disconnector, ExecutorService actions, Preferences prefs) {
    this(new ClientsViewModel(new ClientActions(disconnector, actions, prefs)));
  }

  public ClientsView(ClientsViewModel model) {
    this.model = model;
    table = new TableView<>(model.rows());
    table.setId("clients-table");
    table.setPlaceholder(new Label("No WebSocket clients connected."));
    table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
    table.setTableMenuButtonVisible(true); // the column chooser
    table.getColumns().addAll(List.of(
        text("Id", 48, s -> s.id()),
        stateColumn(),
        whyColumn(),
        number("Unread", 70, ClientStats::unreadBytes, s -> s.unreadBytes() < 0 ? "—" : Format.bytes(s.unreadBytes())),
        text("Remote", 130, ClientStats::remoteAddress),
        text("User agent", 130, ClientStats::userAgent),
        text("Connected", 84, s -> Format.time(s.connectedAtMillis())),
        number("Queue", 56, s -> s.queueFrames(), s -> Format.count(s.queueFrames())),
        number("Queued bytes", 100, s -> s.queueBytes(), s -> Format.bytes(s.queueBytes())),
        number("Oldest", 64, ClientStats::oldestQueuedAgeMs, s -> Format.millis(s.oldestQueuedAgeMs())),
        number("Send last", 70, s -> s.sendLatency().lastMs(), s -> Format.millis(s.sendLatency().lastMs())),
        number("p50", 62, s -> s.sendLatency().p50Ms(), s -> Format.millis(s.sendLatency().p50Ms())),
        number("p99", 62, s -> s.sendLatency().p99Ms(), s -> Format.millis(s.sendLatency().p99Ms())),
        number("max", 62, s -> s.sendLatency().maxMs(), s -> Format.millis(s.sendLatency().maxMs())),
        sparkColumn(),
        number("RTT", 62, s -> s.pingRtt().lastMs(), s -> s.pingRtt().count() == 0 ? "—" : Format.millis(s.pingRtt().lastMs())),
        number("RTT p99", 62, s -> s.pingRtt().p99Ms(), s -> s.pingRtt().count() == 0 ? "—" : Format.millis(s.pingRtt().p99Ms())),
        number("Last pong", 78, ClientStats::lastPongAgeMs, s -> Format.millis(s.lastPongAgeMs())),
        number("Missed", 54, ClientStats::missedPongs, s -> Format.count(s.missedPongs())),
        number("Frames", 70, ClientStats::framesSent, s -> Format.count(s.framesSent())),
        number("Sent", 76, ClientStats::bytesSent, s -> Format.bytes(s.bytesSent())),
        number("Seq lag", 60, ClientStats::sequenceLag, s -> Format.count(s.sequenceLag())),
        number("Dropped", 76, ClientStats::dropped, s -> Format.count(s.dropped()))));
    table.setRowFactory(t -> new StateRow());
    ColumnChoice.bind(table, model.hiddenColumns());
    table.getColumns().stream().filter(c -> c.getText().equals("Unread")).findFirst().ifPresent(c -> {
      var head = new Label("Unread");
      head.setTooltip(new Tooltip("Bytes sent to it that it has not read, as the kernel shows them "
          + "(Linux; — where the kernel's view is not available)."));
      c.setGraphic(head);
      c.getStyleClass().add("header-graphic-only"); // the graphic says it (with a tooltip); the text is for the column menu
    });
    table.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> model.selectedProperty().set(is));
    model.selectedProperty().addListener((o, was, is) -> {
      if (is == null) table.getSelectionModel().clearSelection();
    });

    disconnect.setId("disconnect-button");
    disconnect.disableProperty().bind(model.selectedProperty().isNull());
    disconnect.setOnAction(e -> model.disconnectSelected().ifPresent(this::confirm));
    disconnectSlow.setId("disconnect-slow-button");
    disconnectSlow.disableProperty().bind(model.anyFlaggedProperty().not());
    disconnectSlow.setOnAction(e -> model.disconnectFlagged().ifPresent(this::confirm));
    summary.getStyleClass().add("toolbar-label");
    summary.textProperty().bind(model.summaryProperty());
    summary.setTooltip(new Tooltip(CloseCodeText.meaning(4008) + "\n" + CloseCodeText.meaning(4009)
        + "\n" + CloseCodeText.meaning(4010)));
    var bar = new ToolBar(disconnect, disconnectSlow, summary);
    root.setTop(bar);
    root.setCenter(table);
  }

  public Node node() {
    return root;
  }

  TableView<ClientRow> table() {
    return table;
  }

  ClientsViewModel model() {
    return model;
  }

  @Override
  public void render(ConsoleFrame frame) {
    if (!model.render(frame)) return;
    if (!table.getSortOrder().isEmpty()) table.sort();
    // Headers and the relay's words on a flagged client ("no pong for 1.2 s; 9,767 bytes unread") whole, never cut.
    ColumnFit.headers(table);
    table.getColumns().stream().filter(c -> c.getText().equals("Why")).findFirst()
        .ifPresent(c -> ColumnFit.cells(table, c, model.whyTexts()));
  }

  /** A row coloured by its client's state, following the state as it changes. */
  private static final class StateRow extends TableRow<ClientRow> {
    private final ChangeListener<ClientStats> onStats = (o, was, is) -> style(is);
    private ClientRow observed;

    @Override
    protected void updateItem(ClientRow row, boolean empty) {
      super.updateItem(row, empty);
      if (observed != null) observed.statsProperty().removeListener(onStats);
      observed = empty ? null : row;
      if (observed != null) observed.statsProperty().addListener(onStats);
      style(observed == null ? null : observed.stats());
    }

    private void style(ClientStats s) {
      // Only on a change of state: removing and re-adding a class each frame redid the row's CSS.
      StyleClass.set(this, "row-slow", s != null && s.state() == ClientState.LAGGING);
      StyleClass.set(this, "row-stalled", s != null && s.state() == ClientState.NOT_READING);
    }
  }

  /** Asks the operator to confirm {@code request} with a reason; the model does what they answer. */
  private void confirm(ClientsViewModel.DisconnectRequest request) {
    Dialog<String> dialog = new Dialog<>();
    dialog.setTitle(request.title());
    dialog.setHeaderText(request.title() + "?");
    var reason = new TextField(ClientsViewModel.DEFAULT_REASON);
    reason.setId("disconnect-reason");
    var content = new VBox(6, new Label(request.description()), new Label("Reason (sent to the client in the close frame):"), reason);
    content.setPadding(new Insets(8));
    dialog.getDialogPane().setContent(content);
    var ok = new ButtonType("Disconnect", ButtonBar.ButtonData.OTHER);
    dialog.getDialogPane().getButtonTypes().addAll(ok, ButtonType.CANCEL);
    // The safe choice is the default: Enter cancels; disconnecting takes a deliberate click.
    var okButton = (Button) dialog.getDialogPane().lookupButton(ok);
    okButton.setId("confirm-disconnect");
    okButton.setDefaultButton(false);
    var cancelButton = (Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL);
    cancelButton.setId("cancel-disconnect");
    cancelButton.setDefaultButton(true);
    cancelButton.setCancelButton(true);
    dialog.setResultConverter(b -> b == ok ? reason.getText() : null);
    if (root.getScene() != null) dialog.initOwner(root.getScene().getWindow());
    model.answer(request, dialog.showAndWait());
  }

  /** A column of one figure: cells show {@code shown}, sorting uses {@code order}. */
  private static TableColumn<ClientRow, ClientRow> column(String name, double width, Function<ClientStats, String> shown,
      Comparator<ClientStats> order, boolean right) {
    var col = rowColumn(name, width, order);
    col.setCellFactory(c -> new RowCell() {
      @Override
      protected void show(ClientRow row) {
        setText(row == null ? null : shown.apply(row.stats()));
      }
    });
    if (right) col.setStyle("-fx-alignment: CENTER-RIGHT;");
    return col;
  }

  /**
   * A column whose cells follow their row ({@link RowCell}): the value is the row itself, which
   * never changes; sorting compares the rows' current figures.
   */
  private static TableColumn<ClientRow, ClientRow> rowColumn(String name, double width, Comparator<ClientStats> order) {
    var col = new TableColumn<ClientRow, ClientRow>(name);
    col.setPrefWidth(width);
    col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
    if (order != null) col.setComparator(Comparator.comparing(ClientRow::stats, order));
    return col;
  }

  private static TableColumn<ClientRow, ClientRow> text(String name, double width, Function<ClientStats, String> value) {
    return column(name, width, value, Comparator.comparing(value, Comparator.nullsFirst(String::compareTo)), false);
  }

  private static TableColumn<ClientRow, ClientRow> number(String name, double width, ToDoubleFunction<ClientStats> value,
      Function<ClientStats, String> shown) {
    return column(name, width, shown, Comparator.comparingDouble(value), true);
  }

  private static TableColumn<ClientRow, ClientRow> stateColumn() {
    var col = rowColumn("State", 104, Comparator.comparing(ClientStats::state));
    col.setCellFactory(c -> new RowCell() {
      private final Label badge = new Label();
      private final Tooltip tip = new Tooltip();
      private ClientState shown;

      {
        badge.setTooltip(tip);
      }

      @Override
      protected void show(ClientRow row) {
        if (row == null) {
          setGraphic(null);
          return;
        }
        ClientStats item = row.stats();
        // Restyle only when the state changes (a new class list each time redid the badge's CSS),
        // and reuse the one tooltip.
        if (item.state() != shown) {
          shown = item.state();
          badge.setText(shown.label());
          badge.getStyleClass().setAll("label", "client-state", "state-" + shown.name().toLowerCase(Locale.ROOT));
        }
        tip.setText(item.state().label() + ": " + item.state().meaning() + (item.health().isEmpty() ? "" : "\nNow: " + item.health()));
        if (getGraphic() != badge) setGraphic(badge);
      }
    });
    return col;
  }

  /** Why the client is flagged, in the relay's words ("3,400 bytes unread for 1.2 s"). */
  private static TableColumn<ClientRow, ClientRow> whyColumn() {
    var col = rowColumn("Why", 190, Comparator.comparing(ClientStats::health));
    col.setCellFactory(c -> new RowCell() {
      private final Tooltip tip = new Tooltip();

      @Override
      protected void show(ClientRow row) {
        String why = row == null ? null : row.stats().health();
        setText(why);
        boolean any = why != null && !why.isEmpty();
        if (any) tip.setText(why);
        if (getTooltip() != (any ? tip : null)) setTooltip(any ? tip : null);
      }
    });
    return col;
  }

  private static TableColumn<ClientRow, ClientRow> sparkColumn() {
    // "Latency trend" was cut to "Latency tren" by the column menu's button at 1280x720.
    var col = rowColumn("Latency", 110, null);
    col.setSortable(false);
    col.setCellFactory(c -> new RowCell() {
      private final Sparkline spark = new Sparkline();

      @Override
      protected void show(ClientRow row) {
        if (row == null) {
          setGraphic(null);
          return;
        }
        spark.show(row.latencyHistory());
        if (getGraphic() != spark) setGraphic(spark);
      }
    });
    return col;
  }
}
