package io.relayscope.ui.fleet;

import static io.relayscope.ui.ConsoleHarness.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Options;
import io.relayscope.fleet.console.FleetModel;
import io.relayscope.support.EventSender;
import io.relayscope.support.FleetRelay;
import io.relayscope.support.NatsServer;
import io.relayscope.support.RecordingClient;
import io.relayscope.ui.ConsoleLauncher;
import io.relayscope.ui.ScenePulses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet window draws only when something on it changed (issue #26), as the local console does:
 * counted in the real window attached through a real nats-server to a real relay, by the scene's
 * own pulse hook.
 */
class FleetPulseTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Frames the window renders a second, as shipped. */
  private static final double FRAMES_PER_SECOND = 1000.0 / ConsoleLauncher.FRAME_MILLIS;

  private final List<AutoCloseable> open = new ArrayList<>();
  private NatsServer nats;
  private FleetRelay node;
  private FleetWindowHarness shown;
  private FleetWindow window;

  @BeforeEach
  void startNode() throws Exception {
    nats = NatsServer.start();
    node = FleetRelay.start(nats.url(), "gpu-a");
    try (var sender = node.relay.sender()) {
      sender.send(EventSender.registered("face_processor", "face_processor", "waiting"));
      sender.send(EventSender.stateChange("face_processor", "waiting", "cropping_faces", "new_job"));
    }
    await().atMost(WAIT).until(() -> node.node.health().published() >= 2);
    for (int i = 0; i < 3; i++) {
      var reader = RecordingClient.connect(node.relay.wsUrl());
      open.add(reader::close);
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (shown != null) shown.close();
    for (AutoCloseable c : open) c.close();
    node.close();
    nats.close();
  }

  private void show() throws Exception {
    var model = FleetModel.attach(new Options.Builder().server(nats.url()), Duration.ofHours(1), Duration.ofSeconds(5));
    shown = FleetWindowHarness.show(model, nats.url(), ConsoleLauncher.FRAME_MILLIS); // as shipped
    window = shown.window;
    // Caught up, the node's machine and its three readers on screen.
    await().atMost(WAIT).until(() -> onFx(() -> ((Label) window.scene().lookup("#fleet-replay-label")).getText().startsWith("live")
        && window.clients().section("gpu-a") != null && window.clients().section("gpu-a").getText().contains("3 clients")
        && !window.machines().tree().getRoot().getChildren().isEmpty()));
    ScenePulses.settle(window.scene(), 3);
  }

  @Test
  void anIdleFleetWindowHardlyPulses() throws Exception {
    show();
    double perSecond = ScenePulses.perSecond(window.scene(), 4);
    System.out.printf("idle fleet window, 1 node, 1 machine, 3 readers: %.1f pulses a second%n", perSecond);
    // Ages (in state, the clients' last pong) move once a second, all in one frame: a pulse, and one
    // for the layout it asks for. Before: about 60 a second, from an FX Timeline that never stopped.
    assertThat(perSecond).isLessThanOrEqualTo(3);
  }

  @Test
  void underLoadTheFleetWindowPulsesAtItsFrameRateNotTheEvents() throws Exception {
    show();
    var pacer = Executors.newSingleThreadScheduledExecutor();
    var sent = new AtomicLong();
    try (var sender = node.relay.sender()) {
      // 200 state changes a second through NATS: the tree, the progress and the tables have news every frame.
      pacer.scheduleAtFixedRate(() -> {
        long n = sent.getAndIncrement();
        try {
          sender.send(EventSender.stateChange("face_processor", "s" + (n - 1), "s" + n, "tick"));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, 0, 5, TimeUnit.MILLISECONDS);
      await().atMost(WAIT).until(() -> sent.get() > 200 && window.model().progress().eventsDelivered() > 200);
      double perSecond = ScenePulses.perSecond(window.scene(), 4);
      System.out.printf("fleet window under 200 events/s: %.1f pulses a second (%.0f frames a second)%n", perSecond,
          FRAMES_PER_SECOND);
      // A frame's changes take a pulse, and a second one for the layout they ask for after its pass.
      assertThat(perSecond).isLessThanOrEqualTo(FRAMES_PER_SECOND * 2 + 1);
      assertThat(sent.get()).as("events kept coming").isGreaterThan(400);
    } finally {
      pacer.shutdownNow();
    }
  }
}
