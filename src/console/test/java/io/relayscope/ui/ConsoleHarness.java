package io.relayscope.ui;

import io.relayscope.machines.MachineDefinitions;
import io.relayscope.support.TestRelay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.testfx.api.FxToolkit;

/**
 * The real console on a real relay, headless through Monocle. One window per test class; tests
 * drive the relay through its sockets and look at the scene.
 */
public final class ConsoleHarness implements AutoCloseable {
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  public final TestRelay relay;
  public final ConsoleWindow window;
  public final Stage stage;

  private ConsoleHarness(TestRelay relay, ConsoleWindow window, Stage stage) {
    this.relay = relay;
    this.window = window;
    this.stage = stage;
  }

  public static ConsoleHarness start(TestRelay relay) throws Exception {
    Stage stage = FxToolkit.registerPrimaryStage();
    var model = new ConsoleModel(relay.core, MachineDefinitions.builtIn(), ConsoleLauncher.FRAME_MILLIS); // as shipped
    ConsoleWindow window = onFx(() -> {
      var w = new ConsoleWindow(model);
      w.show(stage, () -> { });
      stage.setWidth(1440);
      stage.setHeight(900);
      return w;
    });
    return new ConsoleHarness(relay, window, stage);
  }

  /** Runs {@code task} on the FX thread and waits for its result. */
  public static <T> T onFx(Callable<T> task) throws Exception {
    var result = new CompletableFuture<T>();
    Platform.runLater(() -> {
      try {
        result.complete(task.call());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    return result.get(60, TimeUnit.SECONDS); // generous: the machine is shared with other builds
  }

  /**
   * The mean luminance (0 black … 1 white) of a saved screenshot: a dark theme that really applies
   * reads far darker than the light one, whatever the content.
   */
  public static double meanLuminance(Path png) throws IOException {
    var image = ImageIO.read(png.toFile());
    double sum = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        sum += (0.2126 * ((rgb >> 16) & 0xff) + 0.7152 * ((rgb >> 8) & 0xff) + 0.0722 * (rgb & 0xff)) / 255.0;
      }
    }
    return sum / ((double) image.getWidth() * image.getHeight());
  }

  /** Saves a PNG of the whole window under target/screenshots/. */
  public Path screenshot(String name) throws Exception {
    return save(name, onFx(() -> stage.getScene().snapshot(null)));
  }

  /** Saves a PNG of one node under target/screenshots/. */
  public static Path screenshot(String name, Node node) throws Exception {
    return save(name, onFx(() -> node.snapshot(null, null)));
  }

  private static Path save(String name, WritableImage image) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name + ".png");
    ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
    return file;
  }

  public Scene scene() {
    return stage.getScene();
  }

  @Override
  public void close() throws Exception {
    onFx(() -> {
      window.close();
      stage.hide();
      return null;
    });
    relay.close();
  }
}
