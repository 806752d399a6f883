package io.relayscope.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console renders the real relay: status bar, machines, clients. */
class ConsoleSmokeTest {
  @RegisterExtension
  static final ConsoleExtension console = ConsoleExtension.onDefaultRelay();

  @Test
  void showsMachinesClientsAndStatusFromTheRealRelay() throws Exception {
    try (var sender = console.relay().sender()) {
      sender.send(EventSender.registered("face_processor", "face_processor", "waiting"));
      sender.send(EventSender.stateChange("face_processor", "waiting", "cropping_faces", "new_job"));
    }
    var client = RecordingClient.connect(console.relay().wsUrl());

    await().until(() -> ConsoleHarness.onFx(() -> {
      ListView<?> machines = (ListView<?>) console.scene().lookup("#machines-list");
      TableView<?> clients = (TableView<?>) console.scene().lookup("#clients-table");
      Label rate = (Label) console.scene().lookup("#status-clients");
      return machines.getItems().contains("face_processor") && clients.getItems().size() == 1
          && rate.getText().startsWith("1 client");
    }));
    assertThat(ConsoleHarness.onFx(() -> ((Label) console.scene().lookup("#status-socket")).getText()))
        .contains(console.relay().socket.toString()).contains("bound");
    // The picture shows what the scene holds: the machine's row, the client's row, the socket status.
    var picture = Picture.take("console-smoke", console.scene(), parts -> {
      Node root = console.scene().getRoot();
      parts.add("the socket status", root.lookup("#status-socket"));
      var machine = Picture.Parts.shown(root, "#machines-list .list-cell", n -> "face_processor".equals(((ListCell<?>) n).getItem()));
      assertThat(machine).hasSize(1);
      parts.add("the machine's row", machine.get(0));
      var clientRow = Picture.Parts.shown(root, "#clients-table .table-row-cell", n -> ((TableRow<?>) n).getItem() != null);
      assertThat(clientRow).hasSize(1);
      parts.add("the client's row", clientRow.get(0));
    });
    picture.assertAllDrawn();
    client.close();
  }
}
