package io.relayscope.ui.fleet;

import io.relayscope.fleet.console.ControlOutcome;
import io.relayscope.fleet.console.FleetFrame;
import io.relayscope.fleet.console.FleetModel;
import io.relayscope.fleet.console.NodeFrame;
import io.relayscope.metrics.ClientState;
import io.relayscope.metrics.ClientStats;
import io.relayscope.metrics.RelaySnapshot;
import io.relayscope.ui.clients.ClientsView;
import io.relayscope.ui.frame.ConsoleFrame;
import io.relayscope.ui.fx.StyleClass;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

/**
 * Every node's clients, one section per node, each the console's own clients table fed with that
 * node's latest figures. Disconnect goes to the node as a NATS request; what it answered (done,
 * failed, refused for lack of permission, no answer) is shown above the tables.
 */
final class FleetClientsView {
  /** How long a node has to answer a command. */
  static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(5);

  private final FleetModel model;
  private final ExecutorService actions;
  private final Map<String, ClientsView> views = new HashMap<>();
  private final Map<String, TitledPane> sections = new HashMap<>();
  private final Map<String, RelaySnapshot> shown = new HashMap<>();
  private final VBox list = new VBox(6);
  private final Label outcome = new Label("Select a client and Disconnect: the request goes to its node through NATS.");
  private final BorderPane root = new BorderPane();
  /** Where every node's table remembers the columns the operator chose for the fleet. */
  private final Preferences columns;

  FleetClientsView(FleetModel model, ExecutorService actions, Preferences columns) {
    this.model = model;
    this.actions = actions;
    this.columns = columns;
    outcome.setId("fleet-control-outcome");
    outcome.getStyleClass().add("fleet-outcome");
    outcome.setWrapText(true);
    var scroll = new ScrollPane(list);
    scroll.setFitToWidth(true);
    root.setTop(outcome);
    root.setCenter(scroll);
  }

  Node node() {
    return root;
  }

  Label outcome() {
    return outcome;
  }

  /** The section of one node (a TitledPane holding its clients table), or null before it reported. */
  TitledPane section(String node) {
    return sections.get(node);
  }

  /**
   * {@code tick}: the wall-clock second moved. A node's new figures are shown at once when a client
   * came, went or changed state; otherwise (figures and ages, which a node reports once a second
   * anyway) in the frame of the next tick, with every other age on the window, so an idle window
   * draws once a second.
   */
  void render(FleetFrame frame, boolean tick) {
    for (NodeFrame n : frame.nodes()) {
      ClientsView view = views.computeIfAbsent(n.node(), this::add);
      TitledPane section = sections.get(n.node());
      int count = n.figures() == null ? 0 : n.figures().clients().size();
      section.setText(n.node() + " · " + count + " client" + (count == 1 ? "" : "s")
          + (n.stale() ? " · STALE, figures as last reported" : ""));
      StyleClass.set(section, "fleet-node-stale", n.stale());
      // Only a new snapshot is rendered: a stale node's figures (and sparklines) stay as last reported.
      RelaySnapshot before = shown.get(n.node());
      if (n.figures() != null && n.figures() != before && (tick || clientsChanged(before, n.figures()))) {
        shown.put(n.node(), n.figures());
        view.render(new ConsoleFrame(frame.takenAtMillis(), n.figures(), List.of(), List.of(), 0));
      }
    }
  }

  /** Whether a client came, went or changed state between two snapshots: what an operator watches for. */
  static boolean clientsChanged(RelaySnapshot before, RelaySnapshot after) {
    if (before == null || before.clients().size() != after.clients().size()) return true;
    var was = new HashMap<String, ClientState>();
    for (ClientStats c : before.clients()) was.put(c.id(), c.state());
    for (ClientStats c : after.clients()) {
      if (was.get(c.id()) != c.state()) return true;
    }
    return false;
  }

  private ClientsView add(String node) {
    var view = new ClientsView((client, why) -> disconnect(node, client, why), actions, columns);
    var section = new TitledPane(node, view.node());
    section.setId("fleet-clients-" + node);
    section.setPrefHeight(260);
    sections.put(node, section);
    // Nodes in name order, as in the machines tree.
    int at = 0;
    while (at < list.getChildren().size() && ((TitledPane) list.getChildren().get(at)).getId().compareTo(section.getId()) < 0) at++;
    list.getChildren().add(at, section);
    return view;
  }

  /** Actions thread: sends the request and waits for its outcome, then tells the operator. */
  private void disconnect(String node, ClientStats client, String why) {
    show("%s: disconnecting client %s…".formatted(node, client.id()), null);
    ControlOutcome result;
    try {
      result = model.disconnect(node, client.id(), why, CONTROL_TIMEOUT).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (ExecutionException e) {
      result = new ControlOutcome(ControlOutcome.Kind.ERROR, String.valueOf(e.getCause()));
    }
    show("%s: disconnect client %s — %s".formatted(node, client.id(), result.kind() == ControlOutcome.Kind.OK
        ? "done" : result.text()), result.kind());
  }

  private void show(String text, ControlOutcome.Kind kind) {
    Platform.runLater(() -> {
      outcome.setText(text);
      outcome.getStyleClass().removeAll("fleet-outcome-ok", "fleet-outcome-refused", "fleet-outcome-failed");
      if (kind == ControlOutcome.Kind.OK) outcome.getStyleClass().add("fleet-outcome-ok");
      else if (kind == ControlOutcome.Kind.REFUSED) outcome.getStyleClass().add("fleet-outcome-refused");
      else if (kind != null) outcome.getStyleClass().add("fleet-outcome-failed");
    });
  }
}
