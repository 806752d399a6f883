package io.relayscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.machines.MachineDefinitions;
import io.relayscope.support.TestRelay;
import java.util.ArrayList;
import java.util.prefs.Preferences;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * The window suits the screen it opens on: a remembered size from another screen, or one too
 * small to use, is dropped; on a 4K screen the whole window scales, so nothing is tiny.
 */
class WindowFitTest {
  @Test
  void aRememberedSizeFromAnotherScreenIsDropped() throws Exception {
    Preferences prefs = Preferences.userRoot().node("io/relayscope/test-window-fit-" + System.nanoTime());
    // Left at 1600x900 on a 3840x2160 screen; it would lie within this one, but was chosen for that one.
    prefs.putDouble("x", 50);
    prefs.putDouble("y", 40);
    prefs.putDouble("width", 1600);
    prefs.putDouble("height", 900);
    prefs.putDouble("screen-width", 3840);
    prefs.putDouble("screen-height", 2160);
    try (var relay = TestRelay.start(r -> r)) {
      Stage stage = FxToolkit.registerPrimaryStage();
      var screen = ConsoleHarness.onFx(() -> Screen.getPrimary().getVisualBounds());
      var window = ConsoleHarness.onFx(() -> {
        var w = new ConsoleWindow(new ConsoleModel(relay.core, MachineDefinitions.builtIn(), 100), prefs);
        w.show(stage, () -> { });
        return w;
      });
      try {
        double[] placed = ConsoleHarness.onFx(() -> new double[] {stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()});
        assertThat(placed[2]).as("width").isEqualTo(Math.min(WindowPlacement.DEFAULT_WIDTH, screen.getWidth()));
        assertThat(placed[3]).as("height").isEqualTo(Math.min(WindowPlacement.DEFAULT_HEIGHT, screen.getHeight()));
        assertThat(placed[0]).as("x: centred").isEqualTo(screen.getMinX() + (screen.getWidth() - placed[2]) / 2);
        // Closing remembers it with this screen's size: kept on the next start here.
        ConsoleHarness.onFx(() -> {
          new WindowPlacement(prefs).save(stage);
          return null;
        });
        assertThat(prefs.getDouble("screen-width", -1)).isEqualTo(screen.getWidth());
      } finally {
        ConsoleHarness.onFx(() -> {
          window.close();
          stage.hide();
          return null;
        });
        prefs.removeNode();
      }
    }
  }

  /** On a 3840x2160 screen, the default window (twice 1440x900) is laid out as 1440x900 and drawn at twice the size. */
  @Test
  void on4KTheWindowScalesByTwo() throws Exception {
    try (var console = ConsoleHarness.start(TestRelay.start(r -> r))) {
      ConsoleHarness.onFx(() -> {
        ((ScaledRoot) console.scene().getRoot()).screenWidth(() -> 3840);
        console.stage.setWidth(2880);
        console.stage.setHeight(1800);
        return null;
      });
      Awaitility.await().until(() -> ConsoleHarness.onFx(() -> console.scene().getWidth() == 2880));
      var tiny = ConsoleHarness.onFx(() -> {
        console.scene().getRoot().applyCss();
        console.scene().getRoot().layout();
        assertThat(((ScaledRoot) console.scene().getRoot()).scale()).isEqualTo(2);
        var out = new ArrayList<String>();
        for (Node n : console.scene().getRoot().lookupAll(".label")) {
          if (!(n instanceof Label l) || !l.isVisible() || l.getText() == null || l.getText().isEmpty()) continue;
          Bounds scene = l.localToScene(l.getLayoutBounds());
          double px = l.getFont().getSize() * scene.getHeight() / Math.max(1e-9, l.getLayoutBounds().getHeight());
          if (px < 20) out.add(l.getText() + " at " + String.format("%.1f", px) + " px");
        }
        return out;
      });
      console.screenshot("console-4k-screen-2880x1800");
      assertThat(tiny).as("labels under 20 px on a 4K screen").isEmpty();
    }
  }
}
