package io.relayscope.ui.clients;

import io.relayscope.metrics.ClientStats;
import io.relayscope.metrics.RelaySnapshot;
import io.relayscope.ui.frame.ConsoleFrame;
import io.relayscope.ui.fx.Format;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import javafx.collections.SetChangeListener;

/**
 * What the clients table shows and what its buttons do, without a scene: the rows (one per live
 * client, updated in place), the selection, whether Disconnect and Disconnect all flagged can run,
 * the summary line, the columns the operator hid, and the disconnect policy: which clients a
 * request names, and that an answered dialog never leaves a row selected. The view binds to it;
 * the relay calls and the preferences on disk go through {@link ClientActions}.
 */
public final class ClientsViewModel {
  /** Tables redraw at 4 Hz: faster is unreadable and costs the FX thread for nothing. */
  static final long TABLE_PERIOD_MILLIS = 250;
  /** Where the column choice is kept, next to the window's place. */
  static final String COLUMNS_KEY = "clients.hidden-columns";
  /** Figures a first look does not need; the column menu shows them. */
  static final Set<String> HIDDEN_BY_DEFAULT = Set.of("User agent", "p50", "max", "RTT p99", "Frames", "Queued bytes", "Seq lag");
  /** The reason a disconnect dialog offers, sent to the client in its close frame. */
  static final String DEFAULT_REASON = "disconnected by operator";

  /** What a Disconnect button asks the operator to confirm: these clients, in these words. */
  record DisconnectRequest(List<ClientStats> targets, String title, String description) {}

  private final ClientActions actions;
  private final ObservableList<ClientRow> rows = FXCollections.observableArrayList();
  private final Map<String, ClientRow> byId = new HashMap<>();
  private final ObjectProperty<ClientRow> selected = new SimpleObjectProperty<>();
  private final ReadOnlyBooleanWrapper anyFlagged = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
  private final ObservableSet<String> hiddenColumns;
  private long lastRenderMillis;
  private long lastUptimeSecond = -1;

  public ClientsViewModel(ClientActions actions) {
    this.actions = actions;
    hiddenColumns = FXCollections.observableSet(new HashSet<>(actions.hiddenColumns(COLUMNS_KEY, HIDDEN_BY_DEFAULT)));
    hiddenColumns.addListener((SetChangeListener<String>) change -> actions.saveHiddenColumns(COLUMNS_KEY, Set.copyOf(hiddenColumns)));
  }

  /** One row per live client, in the order they came. */
  public ObservableList<ClientRow> rows() {
    return rows;
  }

  /** The row the operator selected (null: none). */
  public ObjectProperty<ClientRow> selectedProperty() {
    return selected;
  }

  /** Whether some client is LAGGING or NOT READING: Disconnect all flagged has something to do. */
  public ReadOnlyBooleanProperty anyFlaggedProperty() {
    return anyFlagged.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  /** The columns (by header text) the operator hid; remembered across restarts. */
  public ObservableSet<String> hiddenColumns() {
    return hiddenColumns;
  }

  /**
   * Takes the frame's figures into the rows; false when the frame changed nothing worth drawing.
   * Figures at 4 Hz; a client that changes state (or comes, or goes) at once: that is what an
   * operator watches for, and the throttle alone made a NOT READING wait up to a quarter second more.
   */
  public boolean render(ConsoleFrame frame) {
    RelaySnapshot relay = frame.relay();
    List<ClientStats> clients = relay.clients();
    boolean states = statesChanged(clients);
    if (frame.takenAtMillis() - lastRenderMillis < TABLE_PERIOD_MILLIS && !states) return false;
    // With nothing sent, only ages move (last pong, oldest frame): once a second, in the frame whose
    // uptime in the status bar moves too, so an idle window draws once a second, not four times.
    long uptimeSecond = relay.relay().uptimeMs() / 1000;
    if (!states && !sending(clients) && uptimeSecond == lastUptimeSecond) return false;
    lastUptimeSecond = uptimeSecond;
    lastRenderMillis = frame.takenAtMillis();
    var seen = new HashSet<String>();
    for (ClientStats c : clients) {
      seen.add(c.id());
      ClientRow row = byId.get(c.id());
      if (row == null) {
        row = new ClientRow(c);
        byId.put(c.id(), row);
        rows.add(row);
      } else {
        row.update(c);
      }
    }
    if (byId.keySet().retainAll(seen)) rows.removeIf(r -> !seen.contains(r.id()));
    long flagged = clients.stream().filter(ClientsViewModel::isFlagged).count();
    anyFlagged.set(flagged > 0);
    var r = relay.relay();
    summary.set(clients.size() + " connected · " + flagged + " flagged · " + r.evictions() + " evicted (4008) · "
        + r.keepaliveCloses() + " closed by keepalive (4009)");
    return true;
  }

  /** The relay's words on each client, as the Why column shows them. */
  public List<String> whyTexts() {
    return rows.stream().map(row -> row.stats().health()).toList();
  }

  /** Disconnect: the selected client, if any. */
  public Optional<DisconnectRequest> disconnectSelected() {
    ClientRow row = selected.get();
    return row == null ? Optional.empty()
        : Optional.of(new DisconnectRequest(List.of(row.stats()), "Disconnect client " + row.id(), describe(List.of(row.stats()))));
  }

  /** Disconnect all flagged: every client LAGGING or NOT READING now, none other. */
  public Optional<DisconnectRequest> disconnectFlagged() {
    List<ClientStats> flagged = rows.stream().map(ClientRow::stats).filter(ClientsViewModel::isFlagged).toList();
    if (flagged.isEmpty()) return Optional.empty();
    return Optional.of(new DisconnectRequest(flagged,
        "Disconnect " + flagged.size() + " flagged client" + (flagged.size() == 1 ? "" : "s"), describe(flagged)));
  }

  /**
   * The operator answered {@code request}: with a reason, the clients are disconnected (off the FX
   * thread); either way nothing stays selected, so the next row does not inherit the selection with
   * Disconnect one key away.
   */
  public void answer(DisconnectRequest request, Optional<String> reason) {
    selected.set(null);
    reason.ifPresent(why -> actions.disconnect(request.targets(), why));
  }

  static boolean isFlagged(ClientStats s) {
    return s.state().flagged();
  }

  /** Whether any client was sent something, or has something queued, since the table last showed it. */
  private boolean sending(List<ClientStats> clients) {
    for (ClientStats c : clients) {
      ClientRow row = byId.get(c.id());
      if (row == null || c.queueFrames() > 0 || c.framesSent() != row.stats().framesSent()) return true;
    }
    return false;
  }

  private boolean statesChanged(List<ClientStats> clients) {
    if (clients.size() != byId.size()) return true;
    for (ClientStats c : clients) {
      ClientRow row = byId.get(c.id());
      if (row == null || row.stats().state() != c.state()) return true;
    }
    return false;
  }

  private static String describe(List<ClientStats> targets) {
    if (targets.size() == 1) {
      ClientStats s = targets.get(0);
      return s.id() + " · " + s.remoteAddress() + (s.userAgent().isEmpty() ? "" : " · " + s.userAgent())
          + " · " + s.state().label() + " · " + Format.bytes(s.queueBytes()) + " queued";
    }
    return String.join(", ", targets.stream().map(ClientStats::id).toList());
  }
}
