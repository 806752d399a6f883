package io.relayscope.ui.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.metrics.ClientState;
import io.relayscope.support.EventSender;
import io.relayscope.support.StalledClient;
import io.relayscope.support.TestRelay;
import io.relayscope.ui.ConsoleHarness;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;

/**
 * An operator sees a reader that stopped within about a second: the Clients table, in a real scene,
 * shows NOT READING for a client that never read a byte of a trickle (3 small events a second, which
 * the kernel's buffers would hide for minutes). Timed from before its connection began, so the
 * figure is at least the true delay (the issue saw 2.8 s); the target is the benchmark's.
 */
class ConsoleDetectionTest {
  @Test
  void aReaderThatStopsShowsNotReadingInTheTableWithinAboutASecond() throws Exception {
    try (var console = ConsoleHarness.start(TestRelay.start(r -> r.withSendTimeout(Duration.ofSeconds(120))
        .withKeepalive(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(120))))) {
      var sent = new AtomicInteger();
      var pacer = Executors.newSingleThreadScheduledExecutor();
      try (var sender = console.relay.sender()) {
        pacer.scheduleAtFixedRate(() -> {
          try {
            sender.send(EventSender.numbered(sent.getAndIncrement(), 200));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }, 0, 333, TimeUnit.MILLISECONDS);
        long beforeMillis = System.currentTimeMillis();
        long before = System.nanoTime(); // its first unread byte (the relay's initial message) is written after this
        var stalled = StalledClient.connect(console.relay.core.port());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> ConsoleHarness.onFx(() -> table(console).getItems().stream()
            .anyMatch(r -> r.stats().userAgent().equals("stalled-test-client") && r.stats().state() == ClientState.NOT_READING)));
        long shownAtMillis = System.currentTimeMillis();
        double seconds = (System.nanoTime() - before) / 1e9;
        // The relay's own pauses (a starved machine) restart the evidence's clock: no client is blamed for them.
        double paused = console.relay.core.journal().recent(10_000, f -> f.kind() == FactKind.RELAY_PAUSED)
            .stream().mapToDouble(f -> ((Number) f.fields().get("paused_ms")).doubleValue()).sum() / 1000;
        var flagged = console.relay.core.journal().recent(10_000, f -> f.kind() == FactKind.CLIENT_NOT_READING).get(0);
        double relaySeconds = (flagged.atMillis() - beforeMillis) / 1000.0;
        double consoleSeconds = (shownAtMillis - flagged.atMillis()) / 1000.0;
        System.out.printf("a reader that never read: NOT READING in the Clients table %.2f s after it connected: the relay's fact "
            + "after %.2f s, the table %.2f s later (relay paused %.2f s)%n", seconds, relaySeconds, consoleSeconds, paused);
        console.screenshot("clients-not-reading");
        // Each part with a generous bound (the target, about a second in all, is the benchmark's): the relay
        // needs 0.5 s of evidence after its first unread byte; the console shows what it pulls each frame.
        assertThat(relaySeconds).as("connecting to the relay's NOT READING fact").isLessThan(1.5 + paused);
        assertThat(consoleSeconds).as("the fact to the table").isLessThan(1.5);
        stalled.close();
      } finally {
        pacer.shutdownNow();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static TableView<ClientRow> table(ConsoleHarness console) {
    return (TableView<ClientRow>) console.scene().lookup("#clients-table"); // FX thread
  }
}
