package io.relayscope.ui.fleet;

import static io.relayscope.ui.ConsoleHarness.onFx;

import io.relayscope.fleet.console.FleetModel;
import io.relayscope.ui.WindowPlacement;
import javafx.stage.Stage;
import org.testfx.api.FxToolkit;

/** The real fleet window on a model attached to a real nats-server, headless through Monocle, in a 1440x900 stage. */
final class FleetWindowHarness implements AutoCloseable {
  final FleetWindow window;
  final Stage stage;

  private FleetWindowHarness(FleetWindow window, Stage stage) {
    this.window = window;
    this.stage = stage;
  }

  /** Shows {@code model} in a new window rendering every {@code periodMillis}; closing the harness closes both. */
  static FleetWindowHarness show(FleetModel model, String title, long periodMillis) throws Exception {
    FxToolkit.registerPrimaryStage();
    Stage stage = onFx(Stage::new);
    FleetWindow window = onFx(() -> {
      var w = new FleetWindow(model, title, periodMillis, WindowPlacement.userPreferences());
      w.show(stage, () -> { });
      stage.setWidth(1440);
      stage.setHeight(900);
      return w;
    });
    return new FleetWindowHarness(window, stage);
  }

  @Override
  public void close() throws Exception {
    onFx(() -> {
      window.close();
      stage.hide();
      return null;
    });
    window.model().close();
  }
}
