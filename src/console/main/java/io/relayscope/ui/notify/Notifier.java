package io.relayscope.ui.notify;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.metrics.ClientState;
import io.relayscope.ui.frame.ConsoleFrame;
import io.relayscope.ui.frame.FrameView;
import io.relayscope.ui.fx.Format;
import io.relayscope.ui.status.StatusBarView;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;
import org.controlsfx.control.NotificationPane;

/**
 * Pop-up notices for what an operator must not miss: a client turning LAGGING or NOT READING, an
 * eviction, ingest going silent while machines are active, input being rejected. At most one
 * notice of a kind per {@link #QUIET_MILLIS}, so a flood stays readable.
 */
public final class Notifier implements FrameView {
  static final long QUIET_MILLIS = 5_000;

  public enum Kind { SLOW, EVICTED, SILENT, REJECTING }

  /** {@code client}: the client it is about, or null. */
  public record Notice(Kind kind, String title, String text, String client) {
    public Notice(Kind kind, String title, String text) {
      this(kind, title, text, null);
    }
  }

  private final Consumer<Notice> sink;
  private final Consumer<Notice> update;
  /** The newest notice about a flagged client: its figures follow the client, frame by frame. */
  private Notice live;
  private final Map<Kind, Long> lastShown = new EnumMap<>(Kind.class);
  private boolean silentShown;

  /**
   * Shows notices in a ControlsFX {@link NotificationPane} bar over the window's content. (Pop-up
   * {@code Notifications} open a window each; the first took over a second of FX-thread time here.)
   */
  public static Notifier inPane(NotificationPane pane) {
    var hide = new PauseTransition(Duration.seconds(6));
    hide.setOnFinished(e -> pane.hide());
    reachableClose(pane);
    return new Notifier(n -> {
      pane.getStyleClass().removeAll("notice-error", "notice-warning");
      pane.getStyleClass().add(n.kind() == Kind.EVICTED || n.kind() == Kind.SILENT ? "notice-error" : "notice-warning");
      pane.show(n.title() + " — " + n.text());
      hide.playFromStart();
    }, n -> {
      if (pane.isShowing()) pane.setText(n.title() + " — " + n.text());
    });
  }

  /**
   * ControlsFX takes the bar's close button out of the Tab order; the keyboard must reach it like
   * any other control. Named for screen readers, as it shows only a cross.
   */
  static void reachableClose(NotificationPane pane) {
    pane.showingProperty().addListener((o, was, is) -> {
      if (!is) return;
      for (var n : pane.lookupAll(".close-button")) {
        n.setFocusTraversable(true);
        if (n instanceof Button b) {
          b.setAccessibleText("Close the notice");
          if (b.getTooltip() == null) b.setTooltip(new Tooltip("Close the notice"));
        }
      }
    });
  }

  public Notifier(Consumer<Notice> sink) {
    this(sink, n -> { });
  }

  /** {@code update} gets the live figures of the notice last shown about a client, while it is flagged. */
  public Notifier(Consumer<Notice> sink, Consumer<Notice> update) {
    this.sink = sink;
    this.update = update;
  }

  @Override
  public void render(ConsoleFrame frame) {
    long now = frame.takenAtMillis();
    long rejected = 0;
    JournalFact lastReject = null;
    for (JournalFact f : frame.newFacts()) {
      switch (f.kind()) {
        case CLIENT_LAGGING, CLIENT_NOT_READING -> notify(now, new Notice(Kind.SLOW, "Client " + f.subject() + " is "
            + (f.kind() == FactKind.CLIENT_LAGGING ? ClientState.LAGGING.label() : ClientState.NOT_READING.label()),
            why(f), f.subject()));
        case CLIENT_EVICTED -> notify(now, Kind.EVICTED, "Client " + f.subject() + " evicted (4008)",
            String.valueOf(f.fields().get("reason")));
        case INPUT_REJECTED -> {
          // A summary fact stands for `count` inputs (the journal aggregates a flood, see RejectionLog).
          rejected += f.fields().get("count") instanceof Number n ? Math.max(1, n.longValue()) : 1;
          lastReject = f;
        }
        default -> { }
      }
    }
    followLive(frame);
    if (lastReject != null) {
      notify(now, Kind.REJECTING, "Rejecting input",
          Format.count(rejected) + " input" + (rejected == 1 ? "" : "s") + " rejected, last: " + lastReject.fields().get("reason"));
    }
    var r = frame.relay().relay();
    long last = r.lastEventMillis() > 0 ? r.lastEventMillis() : r.startedAtMillis();
    boolean active = frame.machines().stream().anyMatch(m -> !m.terminated());
    boolean silent = active && now - last > StatusBarView.SILENCE_MILLIS;
    if (silent && !silentShown) {
      notify(now, Kind.SILENT, "Ingest is silent", "no event for " + Format.duration(now - last) + " while machines are active");
    }
    silentShown = silent;
  }

  /** The relay's own words for why, else the queue figures (facts journaled before the "why" field). */
  private static String why(JournalFact f) {
    Object why = f.fields().get("why");
    if (why instanceof String w && !w.isBlank()) return w;
    return "oldest frame waiting " + Format.millis(((Number) f.fields().getOrDefault("oldest_ms", 0)).doubleValue())
        + ", " + Format.bytes(((Number) f.fields().getOrDefault("queue_bytes", 0)).longValue()) + " queued";
  }

  /** The shown client notice, re-worded from this frame's figures while its client is still flagged. */
  private void followLive(ConsoleFrame frame) {
    if (live == null) return;
    var client = frame.relay().clients().stream().filter(c -> c.id().equals(live.client())).findFirst().orElse(null);
    if (client == null || !client.state().flagged() || client.health().isBlank()) {
      live = null; // gone or recovered: the notice keeps its last words
      return;
    }
    var now = new Notice(live.kind(), "Client " + client.id() + " is " + client.state().label(), client.health(), client.id());
    if (!now.equals(live)) {
      live = now;
      update.accept(now);
    }
  }

  private void notify(long now, Kind kind, String title, String text) {
    notify(now, new Notice(kind, title, text));
  }

  private void notify(long now, Notice n) {
    Long last = lastShown.get(n.kind());
    if (last != null && now - last < QUIET_MILLIS) return;
    lastShown.put(n.kind(), now);
    live = n.client() == null ? null : n;
    sink.accept(n);
  }
}
