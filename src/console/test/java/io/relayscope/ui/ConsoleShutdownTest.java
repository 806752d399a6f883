package io.relayscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.machines.MachineDefinitions;
import io.relayscope.relay.CloseCodes;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** Closing the console's window shuts the relay down cleanly. */
class ConsoleShutdownTest {
  @Test
  void closingTheWindowClosesClientsWithGoingAwayAndRemovesTheSocket() throws Exception {
    var relay = TestRelay.start();
    Stage stage = FxToolkit.registerPrimaryStage();
    var done = new CountDownLatch(1);
    ConsoleHarness.onFx(() -> {
      new ConsoleWindow(new ConsoleModel(relay.core, MachineDefinitions.builtIn(), 100))
          .show(stage, done::countDown);
      return null;
    });
    var client = RecordingClient.connect(relay.wsUrl());
    assertThat(Files.exists(relay.socket)).isTrue();

    ConsoleHarness.onFx(() -> {
      stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST));
      return null;
    });

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(client.closed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(client.closeCode).isEqualTo(CloseCodes.GOING_AWAY);
    assertThat(Files.exists(relay.socket)).isFalse();
    relay.close();
  }
}
