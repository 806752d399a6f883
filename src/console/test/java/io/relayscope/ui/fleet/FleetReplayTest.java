package io.relayscope.ui.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Options;
import io.relayscope.fleet.console.FleetModel;
import io.relayscope.fleet.console.ReplayProgress;
import io.relayscope.support.EventSender;
import io.relayscope.support.FleetRelay;
import io.relayscope.support.NatsServer;
import io.relayscope.ui.ConsoleHarness;
import io.relayscope.ui.FxLagProbe;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;

/**
 * Opening a long history: a real relay published tens of thousands of events through a real
 * nats-server before the console attached. The window shows the replay's progress and stays
 * responsive while it reads them (the FX thread answers within a bound all along).
 */
class FleetReplayTest {
  private static final int EVENTS = 30_000;
  private static final int MACHINES = 50;
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void aLongHistoryReplaysWithProgressWhileTheWindowStaysResponsive() throws Exception {
    try (var nats = NatsServer.start(); var a = FleetRelay.start(nats.url(), "gpu-a")) {
      try (var sender = a.relay.sender()) {
        for (int i = 0; i < EVENTS; i++) {
          String machine = "worker_" + (i % MACHINES);
          while (!sender.send(EventSender.stateChange(machine, "s" + (i - 1), "s" + i, "tick"))) Thread.onSpinWait();
        }
      }
      await().atMost(WAIT).until(() -> a.node.health().published() >= EVENTS);

      var model = FleetModel.attach(new Options.Builder().server(nats.url()), Duration.ofHours(1), Duration.ofSeconds(5));
      long start = System.nanoTime();
      // From the moment it attaches: does the model say how far it has come, part-way through?
      var partWay = new AtomicReference<ReplayProgress>();
      var watching = new AtomicBoolean(true);
      Thread watcher = new Thread(() -> {
        while (watching.get() && partWay.get() == null) {
          var p = model.progress();
          if (p.eventsDelivered() > 0 && !p.caughtUp()) partWay.set(p);
          Thread.onSpinWait();
        }
      }, "replay-watch");
      watcher.start();
      var shown = FleetWindowHarness.show(model, nats.url(), 100);
      FleetWindow window = shown.window;
      // Building the window's content for the first node (its clients table, the tree) is a one-off cost, measured apart;
      // then the FX thread's responsiveness while the rest of the history is read and drawn: how late a task posted
      // every 20 ms runs.
      await().atMost(WAIT).until(() -> ConsoleHarness.onFx(() -> !window.machines().tree().getRoot().getChildren().isEmpty()));
      long firstFrameMs = (System.nanoTime() - start) / 1_000_000;
      var atFirstFrame = model.progress();
      var fxLag = FxLagProbe.start();
      try {
        await().atMost(WAIT).until(() -> model.caughtUp() && model.progress().eventsDelivered() >= EVENTS);
        long replayMs = (System.nanoTime() - start) / 1_000_000;
        await().atMost(WAIT).until(() -> ConsoleHarness.onFx(() ->
            ((Label) window.scene().lookup("#fleet-replay-label")).getText().startsWith("live")));
        await().atMost(WAIT).until(() -> ConsoleHarness.onFx(() ->
            window.machines().tree().getRoot().getChildren().get(0).getChildren().size()) == MACHINES);
        fxLag.stop();
        watching.set(false);
        watcher.join();
        System.out.printf("fleet replay: %d events read from JetStream in %d ms (part-way: %s); first node drawn after %d ms "
              + "(%s); after it, FX thread wait p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", EVENTS, replayMs, partWay.get(),
              firstFrameMs, atFirstFrame, fxLag.ms(50), fxLag.ms(99), fxLag.maxMs());
        // Generous, for a loaded 2-core machine (as ConsoleUnderLoadTest): only a frozen window fails this.
        assertThat(fxLag.maxMs()).isLessThan(3000);
        assertThat(partWay.get()).as("progress reported part-way through the replay").isNotNull();
        assertThat(partWay.get().fraction()).isBetween(0.0, 1.0);
        var last = model.frame().node("gpu-a").machines().stream().filter(m -> m.name().equals("worker_49")).findFirst();
        assertThat(last).isPresent();
        assertThat(last.get().currentState()).isEqualTo("s" + (EVENTS - 1));
      } finally {
        fxLag.stop();
        watching.set(false);
        shown.close();
      }
    }
  }
}
