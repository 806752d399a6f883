package io.relayscope.ui.status;

import io.relayscope.journal.JournalStatus;
import io.relayscope.metrics.RelayStats;
import io.relayscope.ui.frame.ConsoleFrame;
import io.relayscope.ui.frame.FrameView;
import io.relayscope.ui.fx.Format;
import io.relayscope.ui.fx.StyleClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The bottom line: socket, rates, endpoint, clients, uptime, and what is wrong if anything is.
 * Problems turn the bar to the warning colour: the socket not bound, no events for a while although
 * machines are active, inputs being rejected, the journal paused or losing facts, a relay thread not
 * running.
 */
public final class StatusBarView implements FrameView {
  /** Ingest counts as silent after this long without events while a machine is active. */
  public static final long SILENCE_MILLIS = 30_000;
  /** Rejections within this window count as a current problem. */
  static final long REJECT_WINDOW_MILLIS = 10_000;

  private final HBox root = new HBox();
  private final Label socket = item("status-socket");
  private final Label rate = item("status-rate");
  private final Label rejected = item("status-rejected");
  private final Label endpoint = item("status-endpoint");
  private final Label clients = item("status-clients");
  private final Label incidents = item("status-incidents");
  private final Label uptime = item("status-uptime");
  private final Label problem = item("status-problem");
  private long lastRejectedTotal = -1;
  private long lastRejectChangeMillis;

  private final Supplier<JournalStatus> journal;

  /** {@code journal} is read once a frame: a few volatile reads, no I/O. */
  public StatusBarView(Supplier<JournalStatus> journal) {
    this.journal = journal;
    root.getStyleClass().add("status-bar");
    root.setId("status-bar");
    problem.getStyleClass().setAll("label", "status-problem");
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    // The endpoint is in the toolbar and the window title: the bar keeps its room for what changes.
    root.getChildren().addAll(socket, rate, rejected, clients, incidents, uptime, spacer, problem);
    // The long texts give way (with an ellipsis and the whole text as tooltip) so the bar never
    // outgrows a 1280-pixel window; the counts keep their size.
    socket.setMinWidth(40);
    socket.setTooltip(new Tooltip());
    problem.setTooltip(new Tooltip());
    problem.getTooltip().textProperty().bind(problem.textProperty());
    problem.setMinWidth(0);
    HBox.setHgrow(problem, Priority.SOMETIMES);
    incidents.setTooltip(new Tooltip(
        "Since the relay started: clients evicted with 4008 (a frame unwritten past the send timeout, or over their "
            + "queue cap) and closed with 4009 (no pong within the keepalive timeout)."));
  }

  private static Label item(String id) {
    Label l = new Label();
    l.setId(id);
    l.getStyleClass().add("status-item");
    l.setMinWidth(Region.USE_PREF_SIZE);
    return l;
  }

  public Node node() {
    return root;
  }

  @Override
  public void render(ConsoleFrame frame) {
    RelayStats r = frame.relay().relay();
    socket.setText((r.eventSocketBound() ? "● " : "○ ") + r.eventSocketPath() + (r.eventSocketBound() ? " bound" : " NOT BOUND"));
    socket.getTooltip().setText("Event socket " + r.eventSocketPath() + (r.eventSocketBound() ? ": bound" : ": NOT BOUND"));
    rate.setText(Format.rate(r.eventsPerSecond()) + " events/s · " + Format.count(r.eventsIn()) + " total");
    rejected.setText(Format.count(r.rejectedTotal()) + " rejected");
    endpoint.setText(r.endpoint());
    long slow = frame.relay().clients().stream()
        .filter(c -> c.state().flagged())
        .count();
    clients.setText(r.clients() + (r.clients() == 1 ? " client" : " clients") + (slow > 0 ? " (" + slow + " flagged)" : ""));
    incidents.setText(Format.count(r.evictions()) + " evicted · " + Format.count(r.keepaliveCloses()) + " closed by keepalive");
    StyleClass.set(incidents, "status-alert", r.evictions() + r.keepaliveCloses() > 0);
    uptime.setText("up " + Format.duration(r.uptimeMs()));

    if (r.rejectedTotal() != lastRejectedTotal) {
      if (lastRejectedTotal >= 0) lastRejectChangeMillis = frame.takenAtMillis();
      lastRejectedTotal = r.rejectedTotal();
    }
    List<String> problems = problems(frame, r);
    problem.setText(String.join(" · ", problems));
    StyleClass.set(root, "warning", !problems.isEmpty());
  }

  private List<String> problems(ConsoleFrame frame, RelayStats r) {
    var out = new ArrayList<String>();
    long now = frame.takenAtMillis();
    if (!r.eventSocketBound()) out.add("event socket not bound");
    boolean active = frame.machines().stream().anyMatch(m -> !m.terminated());
    long last = r.lastEventMillis() > 0 ? r.lastEventMillis() : r.startedAtMillis();
    if (active && now - last > SILENCE_MILLIS) out.add("no events for " + Format.duration(now - last));
    if (lastRejectChangeMillis > 0 && now - lastRejectChangeMillis < REJECT_WINDOW_MILLIS) out.add("rejecting input");
    // The relay's own lag: events waiting for the hub, late for every client alike, no client's fault.
    if (r.behindItsInput()) out.add(String.format(Locale.ROOT, "relay behind its input by %.1f s", r.handoffOldestMs() / 1000));
    var j = journal.get();
    if (j.paused()) out.add("journal paused: " + j.error());
    if (j.lost() > 0) out.add("journal: " + Format.count(j.lost()) + " facts lost");
    // Threads not running: with the socket above, what /health reports as degraded.
    r.health().threads().forEach((name, alive) -> {
      if (!alive) out.add(name + " not running");
    });
    return out;
  }
}
