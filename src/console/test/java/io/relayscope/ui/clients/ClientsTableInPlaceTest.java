package io.relayscope.ui.clients;

import static io.relayscope.ui.ConsoleHarness.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import io.relayscope.ui.ConsoleHarness;
import io.relayscope.ui.ScenePulses;
import io.relayscope.ui.fx.Format;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javafx.collections.ListChangeListener;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;

/**
 * Idle readers' ages tick once a second (issue #26): the clients table shows each new figure in the
 * frame that brings it, and lays out only the cells whose text changed. Before, each tick had every
 * row ask for a layout, and the table rebuilt every row it showed (filler rows too) once a second for
 * ever: the biggest part of an idle console's FX thread.
 */
class ClientsTableInPlaceTest {
  @Test
  void idleReadersAgesShowEachFrameWithoutRelayingOutTheTable() throws Exception {
    try (var console = ConsoleHarness.start(TestRelay.start())) {
      var readers = new ArrayList<RecordingClient>();
      for (int i = 0; i < 3; i++) readers.add(RecordingClient.connect(console.relay.wsUrl()));
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> onFx(() -> table(console).getItems().size() == 3
            && lastPongCell(console, table(console).getItems().get(0)) != null
            && table(console).getItems().get(0).stats().lastPongAgeMs() >= 0));
        // Start-up over (the first frames fit the columns to the CSS's fonts: a layout of their own).
        ScenePulses.settle(console.scene(), 3);

        // Watched from here on: the rows' layout requests, the table's items, and, after every
        // frame the console renders, what the first client's Last pong cell says.
        var rowLayouts = new AtomicInteger();
        var firstAsker = new AtomicReference<String>(); // where the first request came from, if one did
        var itemChanges = new AtomicInteger();
        var shown = new AtomicReference<String>();
        var moves = new AtomicInteger();
        var wrong = new ConcurrentLinkedQueue<String>();
        onFx(() -> {
          for (var node : table(console).lookupAll(".table-row-cell")) {
            ((TableRow<?>) node).needsLayoutProperty().addListener((o, was, is) -> {
              if (is && rowLayouts.incrementAndGet() == 1) firstAsker.set(stack());
            });
          }
          table(console).getItems().addListener((ListChangeListener<ClientRow>) c -> itemChanges.incrementAndGet());
          ClientRow first = table(console).getItems().get(0);
          // Added after the window's views: it runs in the same frame, right after the table rendered it.
          console.window.model().addView(frame -> {
            TableCell<?, ?> cell = lastPongCell(console, first);
            String expected = Format.millis(first.stats().lastPongAgeMs());
            if (cell == null || !expected.equals(cell.getText())) {
              wrong.add("cell says " + (cell == null ? "nothing" : cell.getText()) + ", its row " + expected);
            } else if (!expected.equals(shown.getAndSet(expected))) {
              moves.incrementAndGet();
            }
          });
          return null;
        });

        // Three different ages in turn: the figure moved at least twice (once a second with the uptime).
        await().atMost(Duration.ofSeconds(20)).until(() -> moves.get() >= 3);
        assertThat(wrong).as("the Last pong cell after each frame").isEmpty();
        assertThat(rowLayouts.get()).as("rows that asked for a layout while only figures changed; the first:%n%s", firstAsker.get())
            .isZero();
        assertThat(itemChanges.get()).as("changes to the table's rows while the same clients stayed").isZero();
        console.screenshot("clients-idle-in-place");
      } finally {
        for (var r : readers) r.close();
      }
    }
  }

  private static String stack() {
    var out = new StringBuilder();
    for (var e : new Throwable().getStackTrace()) out.append("  at ").append(e).append('\n');
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  private static TableView<ClientRow> table(ConsoleHarness console) {
    return (TableView<ClientRow>) console.scene().lookup("#clients-table"); // FX thread
  }

  /** The Last pong cell on {@code row}'s line, if the table shows one (FX thread). */
  private static TableCell<?, ?> lastPongCell(ConsoleHarness console, ClientRow row) {
    for (var node : table(console).lookupAll(".table-cell")) {
      if (node instanceof TableCell<?, ?> cell && cell.getTableColumn() != null && "Last pong".equals(cell.getTableColumn().getText())
          && cell.getTableRow() != null && cell.getTableRow().getItem() == row) {
        return cell;
      }
    }
    return null;
  }
}
