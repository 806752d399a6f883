package io.relayscope.ui.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.metrics.ClientState;
import io.relayscope.metrics.ClientStats;
import io.relayscope.metrics.LatencySummary;
import io.relayscope.metrics.RelayStats;
import io.relayscope.metrics.RelaySnapshot;
import io.relayscope.relay.CloseCodes;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import io.relayscope.ui.frame.ConsoleFrame;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clients table's logic without a scene (plain JUnit, no toolkit): which clients Disconnect and
 * Disconnect all flagged name, that an answered dialog leaves nothing selected, when a frame is
 * worth drawing, and the operator's column choice on disk. Disconnects go to a real relay.
 */
class ClientsViewModelTest {
  private static TestRelay relay;
  /** A real relay's figures, for the frames built here around chosen clients. */
  private static RelayStats relayStats;
  private final ExecutorService actions = Executors.newSingleThreadExecutor();
  private final Preferences prefs = Preferences.userRoot().node("io/relayscope/test/clients-model-" + System.nanoTime());

  @BeforeAll
  static void startRelay() throws Exception {
    relay = TestRelay.start();
    relayStats = relay.core.snapshot().relay();
  }

  @AfterAll
  static void stopRelay() throws Exception {
    relay.close();
  }

  @AfterEach
  void stop() throws Exception {
    actions.shutdownNow();
    try {
      prefs.removeNode();
    } catch (IllegalStateException removedByTheTest) {
      // gone already
    }
  }

  private ClientsViewModel model() {
    return new ClientsViewModel(new ClientActions((client, why) -> relay.core.disconnect(client.id(), why), actions, prefs));
  }

  private static ClientStats client(String id, ClientState state, long framesSent) {
    return new ClientStats(id, "127.0.0.1:5000", "test-agent", "/", 1_000, state, 0, 0, 0, LatencySummary.EMPTY,
        LatencySummary.EMPTY, 0, 0, 0, framesSent, 0, 0, 0, 0, 0, "", 0, 0, state.flagged() ? "queue over the soft mark" : "");
  }

  private static ConsoleFrame frame(long atMillis, ClientStats... clients) {
    return new ConsoleFrame(atMillis, new RelaySnapshot(atMillis, relayStats, List.of(clients), List.of()), List.of(), List.of(), 0);
  }

  private static List<String> ids(ClientsViewModel.DisconnectRequest request) {
    return request.targets().stream().map(ClientStats::id).toList();
  }

  @Test
  void disconnectAllFlaggedNamesTheLaggingAndNotReadingClientsAndNoOther() {
    var model = model();
    assertThat(model.disconnectFlagged()).isEmpty();
    assertThat(model.anyFlaggedProperty().get()).isFalse();

    model.render(frame(1_000, client("c1", ClientState.OPEN, 0), client("c2", ClientState.LAGGING, 0),
        client("c3", ClientState.NOT_READING, 0), client("c4", ClientState.CLOSING, 0)));

    assertThat(model.anyFlaggedProperty().get()).isTrue();
    var request = model.disconnectFlagged().orElseThrow();
    assertThat(ids(request)).containsExactly("c2", "c3");
    assertThat(request.title()).isEqualTo("Disconnect 2 flagged clients");
    assertThat(request.description()).isEqualTo("c2, c3");
    assertThat(model.summaryProperty().get()).startsWith("4 connected · 2 flagged · ");

    // c2 caught up, c3 went: nothing is flagged, and the button has nothing to do.
    model.render(frame(1_100, client("c1", ClientState.OPEN, 0), client("c2", ClientState.OPEN, 0), client("c4", ClientState.CLOSING, 0)));
    assertThat(model.rows()).extracting(ClientRow::id).containsExactly("c1", "c2", "c4");
    assertThat(model.disconnectFlagged()).isEmpty();
    assertThat(model.anyFlaggedProperty().get()).isFalse();
    assertThat(model.summaryProperty().get()).startsWith("3 connected · 0 flagged · ");
  }

  @Test
  void disconnectNamesTheSelectedClientOnly() {
    var model = model();
    model.render(frame(1_000, client("c1", ClientState.OPEN, 0), client("c2", ClientState.LAGGING, 0)));
    assertThat(model.disconnectSelected()).as("nothing selected").isEmpty();

    model.selectedProperty().set(model.rows().get(0));
    var request = model.disconnectSelected().orElseThrow();
    assertThat(ids(request)).containsExactly("c1");
    assertThat(request.title()).isEqualTo("Disconnect client c1");
    assertThat(request.description()).isEqualTo("c1 · 127.0.0.1:5000 · test-agent · OPEN · 0 B queued");
  }

  @Test
  void aConfirmedDisconnectClosesTheRealClientWithTheReasonAndLeavesNothingSelected() throws Exception {
    var client = RecordingClient.connect(relay.wsUrl());
    try {
      await().until(() -> relay.core.snapshot().clients().size() == 1);
      var model = model();
      var snapshot = relay.core.snapshot();
      model.render(new ConsoleFrame(snapshot.takenAtMillis(), snapshot, List.of(), List.of(), 0));

      // Cancelled: nothing selected, nothing sent to the relay.
      model.selectedProperty().set(model.rows().get(0));
      model.answer(model.disconnectSelected().orElseThrow(), Optional.empty());
      assertThat(model.selectedProperty().get()).isNull();
      actions.submit(() -> { }).get(10, TimeUnit.SECONDS); // whatever was handed to the actions thread has run
      assertThat(client.isOpen()).isTrue();

      // Confirmed with a reason: the relay closes the client with 4010 and that reason.
      model.selectedProperty().set(model.rows().get(0));
      model.answer(model.disconnectSelected().orElseThrow(), Optional.of("maintenance window"));
      assertThat(model.selectedProperty().get()).as("the next row must not inherit the selection").isNull();
      assertThat(client.closed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(client.closeCode).isEqualTo(CloseCodes.DISCONNECTED_BY_OPERATOR);
      assertThat(client.closeReason).isEqualTo("maintenance window");
    } finally {
      client.close();
    }
  }

  @Test
  void aStateChangeIsDrawnAtOnceFiguresAtMostFourTimesASecondAndAnIdleTableNotAgain() {
    var model = model();
    assertThat(model.render(frame(10_000, client("c1", ClientState.OPEN, 1)))).as("a client came").isTrue();
    assertThat(model.render(frame(10_100, client("c1", ClientState.OPEN, 2)))).as("figures, a tenth of a second later").isFalse();
    assertThat(model.render(frame(10_100, client("c1", ClientState.LAGGING, 2)))).as("a state change").isTrue();
    assertThat(model.rows().get(0).stats().state()).isEqualTo(ClientState.LAGGING);
    assertThat(model.render(frame(10_400, client("c1", ClientState.LAGGING, 3)))).as("sent to, a quarter second on").isTrue();
    // Nothing sent, nothing queued, the same second of uptime: only ages would move.
    assertThat(model.render(frame(10_700, client("c1", ClientState.LAGGING, 3)))).isFalse();
  }

  @Test
  void theColumnChoiceStartsFromTheDefaultsAndIsRememberedAcrossRestarts() throws Exception {
    var model = model();
    assertThat(model.hiddenColumns()).containsExactlyInAnyOrderElementsOf(ClientsViewModel.HIDDEN_BY_DEFAULT);

    model.hiddenColumns().add("Remote");
    model.hiddenColumns().remove("p50");
    await().until(() -> prefs.get(ClientsViewModel.COLUMNS_KEY, "").contains("Remote"));

    var restarted = model();
    assertThat(restarted.hiddenColumns()).contains("Remote", "max").doesNotContain("p50", "Id");
  }

  @Test
  void removedPreferencesGiveTheDefaultsAndAChoiceIsNotKept() throws Exception {
    prefs.removeNode();
    var model = model();
    assertThat(model.hiddenColumns()).containsExactlyInAnyOrderElementsOf(ClientsViewModel.HIDDEN_BY_DEFAULT);
    model.hiddenColumns().add("Remote"); // must not throw on the FX thread, nor on the actions thread
    actions.submit(() -> { }).get(10, TimeUnit.SECONDS);
    assertThat(model.hiddenColumns()).contains("Remote");
  }
}
