package io.relayscope.ui;

import io.relayscope.support.TestRelay;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real console on a real relay for a whole test class, headless through Monocle: started
 * before the class's {@code @BeforeAll} methods and closed after its {@code @AfterAll} ones, so
 * those can connect clients to it and close them first.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ConsoleExtension console = ConsoleExtension.on(() -> TestRelay.start(r -> r.withSendTimeout(...)));
 * }</pre>
 */
public final class ConsoleExtension implements BeforeAllCallback, AfterAllCallback {
  private final Callable<TestRelay> relay;
  private ConsoleHarness harness;

  private ConsoleExtension(Callable<TestRelay> relay) {
    this.relay = relay;
  }

  /** The console on the relay {@code relay} starts (once, for the class). */
  public static ConsoleExtension on(Callable<TestRelay> relay) {
    return new ConsoleExtension(relay);
  }

  /** The console on a relay with the tests' defaults. */
  public static ConsoleExtension onDefaultRelay() {
    return on(TestRelay::start);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    harness = ConsoleHarness.start(relay.call());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (harness != null) harness.close();
    harness = null;
  }

  private ConsoleHarness harness() {
    if (harness == null) throw new IllegalStateException("the console runs from the class's start to its end");
    return harness;
  }

  public TestRelay relay() {
    return harness().relay;
  }

  public ConsoleWindow window() {
    return harness().window;
  }

  public Stage stage() {
    return harness().stage;
  }

  public Scene scene() {
    return harness().scene();
  }

  /** Saves a PNG of the whole window under target/screenshots/. */
  public Path screenshot(String name) throws Exception {
    return harness().screenshot(name);
  }
}
