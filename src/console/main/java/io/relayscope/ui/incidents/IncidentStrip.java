package io.relayscope.ui.incidents;

import io.relayscope.journal.JournalFact;
import io.relayscope.metrics.ClientState;
import io.relayscope.metrics.ClientStats;
import io.relayscope.metrics.RelayStats;
import io.relayscope.ui.frame.ConsoleFrame;
import io.relayscope.ui.frame.FrameView;
import io.relayscope.ui.fx.Format;
import io.relayscope.ui.fx.StyleClass;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/**
 * A strip under the toolbar that stays until the operator acknowledges it: clients evicted (4008),
 * closed by keepalive (4009), inputs rejected since the last acknowledgement, and clients not
 * reading right now, with live figures. "Show in Timeline" opens the Timeline on the incident.
 * (Notices pop up and go; this does not.) Its band is always there, with a calm line when there is
 * nothing to show, so the strip coming or going never moves the rest of the window.
 */
public final class IncidentStrip implements FrameView {
  /** Opens the Timeline on {@code [from, to]} (epoch millis). */
  @FunctionalInterface
  public interface TimelineOpener {
    void open(long fromMillis, long toMillis);
  }

  /** Padding either side of an incident when the Timeline opens on it. */
  static final long PAD_MILLIS = 5_000;

  /** What the strip's words mean; with the whole current text in the tooltip. */
  private static final String LEGEND = """
        4008: evicted: a frame unwritten past the send timeout (it stopped reading, or the relay fell behind: the reason says which), or its queue reached its cap.
        4009: closed by keepalive: it answered no ping within the keepalive timeout.
        Rejected: inputs on the event socket that were not relayed (malformed, too large, handoff full).
        NOT READING: bytes sent to it sit unread for over a second; it will be evicted or closed.""";

  private final HBox root = new HBox(8);
  private final Label calm = new Label("No open incident.");
  /** The strip's reserved band: the strip or the calm line, whichever is on, in the same height. */
  private final StackPane slot = new StackPane();
  private final Label summary = new Label();
  private final Button show = new Button("Show in Timeline");
  private final Button ack = new Button("Acknowledge");
  private final TimelineOpener opener;
  private RelayStats latest;
  private long ackEvictions;
  private long ackKeepalive;
  private long ackRejected;
  private long firstMillis = -1;
  private long lastMillis = -1;
  private boolean acknowledgedNow;

  public IncidentStrip(TimelineOpener opener) {
    this.opener = opener;
    root.setId("incident-strip");
    root.getStyleClass().add("incident-strip");
    summary.setId("incident-summary");
    summary.getStyleClass().add("incident-summary");
    summary.setTooltip(new Tooltip(LEGEND));
    show.setId("incident-show");
    show.setOnAction(e -> openTimeline());
    // The summary itself is the incident: a click on it goes where Show in Timeline goes.
    summary.setOnMouseClicked(e -> openTimeline());
    ack.setId("incident-ack");
    ack.setOnAction(e -> acknowledge());
    // The text gives way (ellipsis, whole text in its tooltip); the buttons never do.
    show.setMinWidth(Region.USE_PREF_SIZE);
    ack.setMinWidth(Region.USE_PREF_SIZE);
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    summary.setMinWidth(0);
    HBox.setHgrow(summary, Priority.SOMETIMES);
    root.getChildren().addAll(summary, spacer, show, ack);
    calm.setId("incident-calm");
    calm.getStyleClass().add("incident-calm");
    calm.setMaxWidth(Double.MAX_VALUE);
    calm.setMaxHeight(Double.MAX_VALUE);
    slot.setId("incident-slot");
    slot.getStyleClass().add("incident-slot");
    slot.getChildren().addAll(calm, root);
    show(false);
  }

  public Node node() {
    return slot;
  }

  private void openTimeline() {
    if (firstMillis > 0) opener.open(firstMillis - PAD_MILLIS, Math.max(lastMillis, firstMillis) + PAD_MILLIS);
  }

  private void acknowledge() {
    if (latest != null) {
      ackEvictions = latest.evictions();
      ackKeepalive = latest.keepaliveCloses();
      ackRejected = latest.rejectedTotal();
    }
    firstMillis = -1;
    lastMillis = -1;
    acknowledgedNow = true;
    show(false);
  }

  /** Both stay managed: the slot keeps the strip's height whether it shows or not. */
  private void show(boolean on) {
    root.setVisible(on);
    calm.setVisible(!on);
  }

  @Override
  public void render(ConsoleFrame frame) {
    latest = frame.relay().relay();
    for (JournalFact f : frame.newFacts()) {
      boolean incident = switch (f.kind()) {
        case CLIENT_NOT_READING, CLIENT_EVICTED, INPUT_REJECTED -> true;
        case CLIENT_CLOSED -> f.fields().get("code") instanceof Number n && n.intValue() == 4009;
        default -> false;
      };
      if (!incident) continue;
      // A client's incident began where the relay dated its episode (the first byte it did not read), not at the flag.
      long began = f.fields().get("since_ms") instanceof Number n ? Math.min(n.longValue(), f.atMillis()) : f.atMillis();
      if (firstMillis < 0 || began < firstMillis) firstMillis = began;
      lastMillis = Math.max(lastMillis, f.atMillis());
    }
    long evicted = latest.evictions() - ackEvictions;
    long keepalive = latest.keepaliveCloses() - ackKeepalive;
    long rejected = latest.rejectedTotal() - ackRejected;
    List<ClientStats> notReading = frame.relay().clients().stream().filter(c -> c.state() == ClientState.NOT_READING).toList();
    if (evicted + keepalive + rejected + notReading.size() == 0) {
      if (acknowledgedNow || firstMillis < 0) show(false);
      return;
    }
    acknowledgedNow = false;
    if (firstMillis < 0) firstMillis = frame.takenAtMillis();
    // Only what happened: at 1280 pixels "0 evicted · 0 closed by keepalive" crowds out the live figures.
    var parts = new ArrayList<String>();
    if (evicted > 0) parts.add(Format.count(evicted) + " evicted (4008)");
    if (keepalive > 0) parts.add(Format.count(keepalive) + " closed by keepalive (4009)");
    if (rejected > 0) parts.add(Format.count(rejected) + (rejected == 1 ? " input rejected" : " inputs rejected"));
    // Live: each client not reading now, in the relay's words of this frame ("4,596 bytes unread for 17.2 s").
    for (ClientStats c : notReading) {
      parts.add(c.id() + " NOT READING" + (c.health().isBlank() ? "" : ": " + c.health()));
    }
    summary.setText("⚠ Since " + Format.time(firstMillis) + " (" + Format.duration(Math.max(0, frame.takenAtMillis() - firstMillis))
        + "): " + String.join(" · ", parts));
    summary.getTooltip().setText(summary.getText() + "\n\n" + LEGEND);
    StyleClass.set(root, "incident-active", evicted + keepalive + notReading.size() > 0);
    show(true);
  }

  /** What the strip says, for tests. */
  List<String> text() {
    return List.of(summary.getText());
  }
}
