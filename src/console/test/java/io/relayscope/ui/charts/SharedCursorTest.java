package io.relayscope.ui.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.TestRelay;
import io.relayscope.ui.ConsoleHarness;
import javafx.scene.shape.Line;
import org.junit.jupiter.api.Test;

/** The time cursor is one: set it (as the timeline does on hover) and every chart shows it. */
class SharedCursorTest {
  @Test
  void chartsShowTheSharedTimeCursor() throws Exception {
    try (var console = ConsoleHarness.start(TestRelay.start())) {
      ConsoleHarness.onFx(() -> {
        console.window.tabs().getSelectionModel().select(2); // Charts
        return null;
      });
      // Wait for a couple of samples so the charts' windows are set.
      await().until(() -> ConsoleHarness.onFx(() -> console.scene().getRoot().lookupAll(".chart-cursor").size() == 5));
      long at = System.currentTimeMillis() - 20_000;
      ConsoleHarness.onFx(() -> {
        console.window.selection().timeCursorProperty().set(at);
        return null;
      });
      await().until(() -> ConsoleHarness.onFx(() -> console.scene().getRoot().lookupAll(".chart-cursor").stream()
          .allMatch(n -> n.isVisible() && ((Line) n).getStartX() > 0)));
      assertThat(ConsoleHarness.onFx(() -> console.scene().getRoot().lookupAll(".chart-cursor").size())).isEqualTo(5);
      console.screenshot("charts-cursor");
    }
  }
}
