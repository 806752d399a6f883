package io.relayscope.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.metrics.ClientState;
import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import io.relayscope.ui.theme.Theme;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console at 1280x720 and 1920x1080, light and dark, during an incident: nothing that matters
 * is off-screen, the themes really differ, screenshots under target/screenshots/.
 */
class LayoutTest {
  // Long timeouts: the NOT READING client stays so for the whole class, however loaded the machine.
  @RegisterExtension
  static final ConsoleExtension console = ConsoleExtension.on(() -> TestRelay.start(r -> r.withSendTimeout(Duration.ofSeconds(900))
        .withKeepalive(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(900))
        .withClientQueue(128 * 1024, 10_000).withSocketSendBuffer(8192)));
  private static StalledClient evicted;
  private static StalledClient stalled;
  private static RecordingClient healthy;
  private static RecordingClient bystander;

  /**
   * The incident at its worst: one client already evicted (4008, its queue over the cap), another
   * NOT READING now, two healthy ones reading on.
   */
  @BeforeAll
  static void start() throws Exception {
    healthy = RecordingClient.connect(console.relay().wsUrl());
    bystander = RecordingClient.connect(console.relay().wsUrl());
    evicted = StalledClient.connect(console.relay().core.port());
    try (var sender = console.relay().sender()) {
      sender.send(EventSender.registered("face_processor", "face_processor", "waiting"));
      sender.send(EventSender.stateChange("face_processor", "waiting", "cropping_faces", "new_job"));
      // Paced, each step read by the healthy clients: only the stalled one's queue grows past the cap.
      for (int i = 0; i < 400 && console.relay().core.snapshot().relay().evictions() == 0; i++) {
        sender.send(EventSender.numbered(i, 4096));
        int sent = i + 1;
        if (sent % 10 == 0) {
          await().atMost(30, TimeUnit.SECONDS).until(() -> healthy.eventTexts().size() >= sent && bystander.eventTexts().size() >= sent);
        }
      }
      await().atMost(60, TimeUnit.SECONDS).until(() -> console.relay().core.snapshot().relay().evictions() == 1);
      stalled = StalledClient.connect(console.relay().core.port());
      for (int i = 0; i < 20; i++) sender.send(EventSender.numbered(100 + i, 200));
      sender.send(EventSender.stateChange("face_processor", "cropping_faces", "waiting", "sdxl_job_done_relay"));
      sender.send(EventSender.stateChange("face_processor", "waiting", "cropping_faces", "new_job"));
    }
    await().atMost(60, TimeUnit.SECONDS).until(() -> ConsoleHarness.onFx(() ->
        console.scene().lookup("#incident-summary") instanceof Label l && l.getText().contains("1 evicted")
            && l.getText().contains("NOT READING:")));
  }

  @AfterAll
  static void stop() throws Exception {
    stalled.close();
    evicted.close();
    healthy.close();
    bystander.close();
  }

  private static void size(double w, double h) throws Exception {
    ConsoleHarness.onFx(() -> {
      console.stage().setWidth(w);
      console.stage().setHeight(h);
      return null;
    });
    await().until(() -> ConsoleHarness.onFx(() -> Math.abs(console.scene().getWidth() - w) < 2
        && Math.abs(console.scene().getHeight() - h) < 2));
    ConsoleHarness.onFx(() -> {
      console.scene().getRoot().applyCss();
      console.scene().getRoot().layout();
      return null;
    });
  }

  private static void theme(Theme t) throws Exception {
    ConsoleHarness.onFx(() -> {
      console.window().setTheme(t);
      console.scene().getRoot().applyCss();
      console.scene().getRoot().layout();
      return null;
    });
  }

  /** Visible controls in the toolbar, the incident strip and the status bar, that end beyond the window. */
  private static List<String> offScreen() throws Exception {
    return ConsoleHarness.onFx(() -> {
      // Laid out in the same FX task as the check: a label's text may change between two tasks (the
      // uptime went from "up 9 s" to "up 10 s"), and until the next layout it is wider than its place.
      console.scene().getRoot().applyCss();
      console.scene().getRoot().layout();
      var out = new ArrayList<String>();
      double w = console.scene().getWidth();
      double h = console.scene().getHeight();
      for (String id : List.of("#main-toolbar", "#incident-strip", "#status-bar", "#main-tabs")) {
        Node n = console.scene().lookup(id);
        assertThat(n).as(id).isNotNull();
        Bounds whole = n.localToScene(n.getLayoutBounds());
        if (whole.getMaxX() > w + 1) out.add(id + " wider than the window: " + whole);
        collect(n, w, h, out);
      }
      return out;
    });
  }

  private static void collect(Node n, double w, double h, List<String> out) {
    if (!n.isVisible()) return;
    if (n instanceof Control c && !(n.getParent() instanceof Control)) {
      Bounds b = n.localToScene(n.getLayoutBounds());
      String text = n instanceof Label l ? l.getText() : n instanceof ButtonBase bb ? bb.getText() : "";
      // Cut with an ellipsis is fine only where a tooltip has the whole text.
      boolean clipped = n instanceof Label l && l.getText() != null && !l.getText().isEmpty()
          && l.prefWidth(-1) > l.getWidth() + 1
          && (l.getTooltip() == null || !l.getTooltip().getText().contains(l.getText().substring(2)));
      // A button is never cut: "Show in Ti…" is not a button anyone can read.
      boolean cutButton = n instanceof ButtonBase bb && bb.getText() != null && !bb.getText().isEmpty()
          && bb.prefWidth(-1) > bb.getWidth() + 1;
      if (b.getMaxX() > w + 1 || b.getMaxY() > h + 1 || clipped || cutButton) {
        out.add((n.getId() == null ? n.getClass().getSimpleName() : n.getId()) + " '" + text + "' " + b);
      }
    }
    if (n instanceof Parent p && !(n instanceof TableView) && !(n instanceof TabPane)) {
      for (Node c : p.getChildrenUnmodifiable()) collect(c, w, h, out);
    }
  }

  private static Color pixel(WritableImage img, int x, int y) {
    return img.getPixelReader().getColor(x, y);
  }

  @Test
  void nothingOffScreenAt1280x720AndThemesDifferInScreenshots() throws Exception {
    var backgrounds = new EnumMap<Theme, Color>(Theme.class);
    for (int[] wh : new int[][] {{1280, 720}, {1920, 1080}, {3840, 2160}}) {
      size(wh[0], wh[1]);
      for (Theme t : Theme.values()) {
        theme(t);
        assertThat(offScreen()).as("off-screen or cut at %dx%d %s", wh[0], wh[1], t).isEmpty();
        console.screenshot("console-" + wh[0] + "x" + wh[1] + "-" + t.name().toLowerCase());
        WritableImage img = ConsoleHarness.onFx(() -> console.scene().snapshot(null));
        assertThat((int) img.getWidth()).isEqualTo(wh[0]);
        // The status bar's background, just above the window's bottom edge, at the far left.
        Node bar = ConsoleHarness.onFx(() -> console.scene().lookup("#status-bar"));
        Bounds b = ConsoleHarness.onFx(() -> bar.localToScene(bar.getLayoutBounds()));
        assertThat(b.getMaxX()).as("status bar's right edge at %dx%d", wh[0], wh[1]).isLessThanOrEqualTo(wh[0] + 1);
        backgrounds.put(t, pixel(img, (int) Math.min(b.getMaxX(), wh[0]) - 3, (int) b.getMaxY() - 2));
      }
      Color light = backgrounds.get(Theme.LIGHT);
      Color dark = backgrounds.get(Theme.DARK);
      assertThat(light.getBrightness()).as("light background %s", light).isGreaterThan(0.7);
      assertThat(dark.getBrightness()).as("dark background %s", dark).isLessThan(0.35);
    }
    theme(Theme.LIGHT);
  }

  @Test
  void diagramLabelsAreReadableAtTheSmallestWindow() throws Exception {
    size(1280, 720);
    await().atMost(60, TimeUnit.SECONDS).until(() -> ConsoleHarness.onFx(() ->
        !console.scene().getRoot().lookupAll(".edge-label").isEmpty()));
    var problems = ConsoleHarness.onFx(() -> {
      var out = new ArrayList<String>();
      int seen = 0;
      for (String cls : List.of(".edge-label", ".diagram-state", ".diagram-group-label")) {
        for (Node n : console.scene().getRoot().lookupAll(cls)) {
          if (!(n instanceof Label l) || l.getText() == null || l.getText().isEmpty() || !l.isVisible()) continue;
          seen++;
          Bounds scene = l.localToScene(l.getLayoutBounds());
          double scale = scene.getHeight() / Math.max(1e-9, l.getLayoutBounds().getHeight());
          double px = l.getFont().getSize() * scale;
          if (px < 8) out.add(l.getText() + " drawn at " + String.format("%.1f", px) + " px");
          var text = new Text(l.getText());
          text.setFont(l.getFont());
          double needed = text.getLayoutBounds().getHeight();
          if (l.getHeight() + 0.01 < needed) out.add(l.getText() + " is " + l.getHeight() + " high for " + needed + " of text");
        }
      }
      if (seen == 0) out.add("no diagram labels");
      return out;
    });
    assertThat(problems).isEmpty();
    console.screenshot("diagram-1280x720");
  }

  @Test
  void statesReadInTheOperatorsWordsWithWhatTheyMean() throws Exception {
    await().atMost(60, TimeUnit.SECONDS).until(() -> ConsoleHarness.onFx(() -> console.scene().getRoot()
        .lookupAll(".client-state").stream().anyMatch(n -> "NOT READING".equals(((Label) n).getText()))));
    ConsoleHarness.onFx(() -> {
      for (var b : console.scene().getRoot().lookupAll(".client-state")) {
        var l = (Label) b;
        var st = Arrays.stream(ClientState.values())
            .filter(x -> x.label().equals(l.getText())).findFirst()
            .orElseThrow(() -> new AssertionError("state badge reads " + l.getText()));
        assertThat(l.getTooltip().getText()).contains(st.meaning());
        if (st == ClientState.NOT_READING) assertThat(l.getTooltip().getText()).contains("unread");
      }
      return null;
    });
  }

  /**
   * At 4K nothing is tiny: every label is drawn at 11 px or more, the diagram is scaled to fill its
   * pane (not a postage stamp in a corner), and the tables show their columns across the width.
   */
  @Test
  void nothingTinyAt4K() throws Exception {
    size(3840, 2160);
    ConsoleHarness.onFx(() -> {
      console.window().tabs().getSelectionModel().select(0);
      return null;
    });
    assertThat(ConsoleHarness.onFx(LayoutTest::tinyThings)).isEmpty();
    console.screenshot("console-3840x2160-incident");
    size(1440, 900);
  }

  private static List<String> tinyThings() {
    var out = new ArrayList<String>();
    for (Node n : console.scene().getRoot().lookupAll(".label")) {
      if (!(n instanceof Label l) || !l.isVisible() || l.getText() == null || l.getText().isEmpty() || l.getScene() == null) continue;
      if (!visibleInWindow(l)) continue;
      Bounds scene = l.localToScene(l.getLayoutBounds());
      double scale = scene.getHeight() / Math.max(1e-9, l.getLayoutBounds().getHeight());
      double px = l.getFont().getSize() * scale;
      // On a 3840-pixel window, 10 px (12 px text on a 1920 screen would be 6 px of a 4K one) is tiny.
      if (px < 18) out.add(l.getText() + " at " + String.format("%.1f", px) + " px");
    }
    return out;
  }

  /** Shown: on a selected tab and in a visible branch. */
  private static boolean visibleInWindow(Node n) {
    for (Node p = n; p != null; p = p.getParent()) if (!p.isVisible()) return false;
    return true;
  }

  /** The other tabs during the incident, as an operator opens them: screenshots to look at. */
  @Test
  void tabsDuringTheIncident() throws Exception {
    size(1280, 720);
    for (String tab : List.of("timeline-tab", "log-tab", "closed-tab", "charts-tab")) {
      ConsoleHarness.onFx(() -> {
        var tabs = console.window().tabs();
        tabs.getTabs().stream().filter(t -> tab.equals(t.getId())).findFirst().ifPresent(t -> tabs.getSelectionModel().select(t));
        if (tab.equals("timeline-tab")) ((Button) console.scene().lookup("#incident-show")).fire();
        if (tab.equals("log-tab")) {
          @SuppressWarnings("unchecked")
          var table = (TableView<Object>) console.scene().lookup("#log-table");
          table.getSelectionModel().select(table.getItems().size() - 1);
        }
        return null;
      });
      await().atMost(20, TimeUnit.SECONDS).until(() -> ConsoleHarness.onFx(() -> {
        var d = (TextArea) console.scene().lookup("#log-detail");
        return !tab.equals("log-tab") || d.getText().contains("{");
      }));
      ConsoleHarness.onFx(() -> {
        console.scene().getRoot().applyCss();
        console.scene().getRoot().layout();
        return null;
      });
      assertThat(offScreen()).as("off-screen or cut on %s", tab).isEmpty();
      console.screenshot("console-1280x720-" + tab);
    }
    ConsoleHarness.onFx(() -> {
      console.window().tabs().getSelectionModel().select(0);
      return null;
    });
  }

  /**
   * At 1280x720 the diagram is wider than its pane (it is never shrunk to unreadable): the current
   * state is still in view, wherever it sits, until the operator pans or zooms.
   */
  @Test
  void theCurrentStateIsInViewAt1280x720() throws Exception {
    size(1280, 720);
    for (String[] step : new String[][] {{"cropping_faces", "verifying_portraits", "faces_cropped"},
        {"verifying_portraits", "verifying_dimensions", "portraits_verified"}, {"verifying_dimensions", "waiting", "reset"},
        {"waiting", "cropping_faces", "new_job"}}) {
      try (var sender = console.relay().sender()) {
        sender.send(EventSender.stateChange("face_processor", step[0], step[1], step[2]));
      }
      await().atMost(30, TimeUnit.SECONDS).until(() -> ConsoleHarness.onFx(() -> {
        var current = console.scene().getRoot().lookupAll(".state-current");
        return current.size() == 1 && step[1].equals(((Label) current.iterator().next()).getText());
      }));
      String outside = ConsoleHarness.onFx(() -> {
        console.scene().getRoot().layout();
        Node state = console.scene().getRoot().lookup(".state-current");
        Node pane = console.scene().getRoot().lookup(".diagram-canvas");
        Bounds b = state.localToScene(state.getLayoutBounds());
        Bounds p = pane.localToScene(pane.getLayoutBounds());
        return p.contains(b) ? null : step[1] + " at " + b + " outside the diagram's pane " + p;
      });
      assertThat(outside).isNull();
    }
    console.screenshot("diagram-current-in-view-1280x720");
  }

  @Test
  void themeToggleSaysWhichThemeIsOn() throws Exception {
    theme(Theme.DARK);
    ToggleButton toggle = ConsoleHarness.onFx(() -> (ToggleButton) console.scene().lookup("#theme-toggle"));
    assertThat(ConsoleHarness.onFx(toggle::getText)).contains("Dark");
    assertThat(ConsoleHarness.onFx(toggle::isSelected)).isTrue();
    theme(Theme.LIGHT);
    assertThat(ConsoleHarness.onFx(toggle::getText)).contains("Light");
    assertThat(ConsoleHarness.onFx(toggle::isSelected)).isFalse();
    // The button switches the theme and says so.
    ConsoleHarness.onFx(() -> {
      toggle.fire();
      return null;
    });
    assertThat(ConsoleHarness.onFx(toggle::getText)).contains("Dark");
    assertThat(ConsoleHarness.onFx(() -> console.scene().getStylesheets().stream().anyMatch(s -> s.contains("dark")))).isTrue();
    theme(Theme.LIGHT);
  }

  /**
   * At 1280x720, on every tab during the incident, no header, cell, legend or label is drawn cut
   * (what the skin draws, its LabeledText, is the whole text: no ellipsis). Lists what is cut.
   */
  @Test
  void noHeaderCellOrLegendIsCutAt1280x720() throws Exception {
    size(1280, 720);
    var cut = new ArrayList<String>();
    for (String tab : List.of("clients-tab", "closed-tab", "charts-tab", "log-tab", "timeline-tab")) {
      ConsoleHarness.onFx(() -> {
        var tabs = console.window().tabs();
        tabs.getTabs().stream().filter(t -> tab.equals(t.getId())).findFirst().ifPresent(t -> tabs.getSelectionModel().select(t));
        return null;
      });
      // A hidden tab holds what came meanwhile until the next frame after it shows: wait for one.
      Object shownWith = ConsoleHarness.onFx(() -> console.window().model().lastRendered());
      await().atMost(10, TimeUnit.SECONDS).until(() -> ConsoleHarness.onFx(() -> console.window().model().lastRendered()) != shownWith);
      // Two pulses: a tab's content lays out, then its columns and legends fit what they show.
      for (int i = 0; i < 2; i++) {
        WaitForAsyncUtils.waitForFxEvents();
        ConsoleHarness.onFx(() -> {
          console.scene().getRoot().applyCss();
          console.scene().getRoot().layout();
          return null;
        });
      }
      // Laid out and read in one go: a frame in between (4 a second) can change a label's text, which
      // its skin draws only at the next layout ("79 facts · 2 incidents" drawn as '', CI). Twice: rows
      // a frame added get their cells in the first pass and fit them in the second (a log time cell
      // read after one pass: '05:24:25.105' drawn as '05:24:25.1...', CI).
      cut.addAll(ConsoleHarness.onFx(() -> {
        for (int pass = 0; pass < 2; pass++) {
          console.scene().getRoot().applyCss();
          console.scene().getRoot().layout();
        }
        var out = new ArrayList<String>();
        cutLabels(console.window().tabs().getSelectionModel().getSelectedItem().getContent(), tab, out);
        return out;
      }));
      console.screenshot("fit-1280x720-" + tab);
    }
    ConsoleHarness.onFx(() -> {
      console.window().tabs().getSelectionModel().select(0);
      return null;
    });
    assertThat(cut).as("cut at 1280x720").isEmpty();
  }

  /** Every visible Labeled under {@code n} whose drawn text is not its whole text. */
  private static void cutLabels(Node n, String where, List<String> out) {
    if (!n.isVisible()) return;
    // The event log's Summary is free text of any length: its row's tooltip and the detail pane show it whole.
    boolean freeText = n.getStyleClass().contains("log-summary");
    if (n instanceof Labeled l && l.getText() != null && !l.getText().isBlank() && !freeText) {
      String drawn = l.getChildrenUnmodifiable().stream().filter(c -> c instanceof Text && c.isVisible())
          .map(c -> ((Text) c).getText()).findFirst().orElse(null);
      if (drawn != null && !drawn.equals(l.getText())) {
        out.add(where + ": " + l.getClass().getSimpleName() + l.getStyleClass() + " '" + l.getText() + "' drawn as '" + drawn + "'");
      }
    }
    if (n instanceof Parent p) {
      for (Node c : p.getChildrenUnmodifiable()) cutLabels(c, where, out);
    }
  }
}
