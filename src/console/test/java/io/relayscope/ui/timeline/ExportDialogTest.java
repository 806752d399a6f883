package io.relayscope.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.support.EventSender;
import io.relayscope.support.TestRelay;
import io.relayscope.ui.ConsoleHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export from the Timeline in a 1280x720 window: the dialog fits inside it, writes the file, says
 * where it saved it, and "Open folder" opens that folder off the FX thread.
 */
class ExportDialogTest {
  @TempDir Path tmp;

  @Test
  void theExportDialogFits1280x720AndSaysWhereItSaved() throws Exception {
    try (var console = ConsoleHarness.start(TestRelay.start(r -> r))) {
      try (var sender = console.relay.sender()) {
        sender.send(EventSender.registered("face_processor", "face_processor", "waiting"));
        for (int i = 0; i < 10; i++) sender.send(EventSender.numbered(i, 200));
      }
      List<Path> opened = new CopyOnWriteArrayList<>();
      List<Boolean> openedOnFx = new CopyOnWriteArrayList<>();
      ConsoleHarness.onFx(() -> {
        console.stage.setWidth(1280);
        console.stage.setHeight(720);
        console.window.timeline().folderOpener(dir -> {
          openedOnFx.add(Platform.isFxApplicationThread());
          opened.add(dir);
        });
        var tabs = console.window.tabs();
        tabs.getSelectionModel().select(tabs.getTabs().size() - 1);
        return null;
      });
      await().atMost(30, TimeUnit.SECONDS).until(() -> ConsoleHarness.onFx(() -> console.window.timeline().marks().size() >= 10));
      // The menu's "Incident report (Markdown)…", as the operator picks it; not waited on (a modal may block).
      Platform.runLater(() -> ((MenuButton) console.scene().lookup("#timeline-export")).getItems().stream()
          .filter(i -> "timeline-export-md".equals(i.getId())).findFirst().orElseThrow().fire());
      await().atMost(20, TimeUnit.SECONDS).until(() -> dialog() != null);
      Stage dialog = dialog();
      ConsoleHarness.onFx(() -> {
        // Inside the 1280x720 window, whole.
        Stage owner = console.stage;
        assertThat(dialog.getWidth()).isLessThanOrEqualTo(1280);
        assertThat(dialog.getHeight()).isLessThanOrEqualTo(720);
        assertThat(dialog.getX()).isGreaterThanOrEqualTo(owner.getX());
        assertThat(dialog.getY()).isGreaterThanOrEqualTo(owner.getY());
        assertThat(dialog.getX() + dialog.getWidth()).isLessThanOrEqualTo(owner.getX() + 1280);
        assertThat(dialog.getY() + dialog.getHeight()).isLessThanOrEqualTo(owner.getY() + 720);
        ((TextField) dialog.getScene().lookup("#export-folder")).setText(tmp.toString());
        ((TextField) dialog.getScene().lookup("#export-name")).setText("incident.md");
        ((Button) dialog.getScene().lookup("#export-save")).fire();
        return null;
      });
      Path file = tmp.resolve("incident.md");
      await().atMost(30, TimeUnit.SECONDS).until(() -> ConsoleHarness.onFx(() ->
          ((Label) dialog.getScene().lookup("#export-result")).getText().contains(file.toString())));
      assertThat(Files.readString(file)).contains("face_processor");
      ConsoleHarness.screenshot("export-dialog-saved", ConsoleHarness.onFx(() -> dialog.getScene().getRoot()));
      ConsoleHarness.onFx(() -> {
        var open = (Button) dialog.getScene().lookup("#export-open-folder");
        assertThat(open.isVisible()).isTrue();
        assertThat(dialog.getY() + dialog.getHeight()).isLessThanOrEqualTo(console.stage.getY() + 720);
        open.fire();
        return null;
      });
      await().atMost(10, TimeUnit.SECONDS).until(() -> opened.size() == 1);
      assertThat(opened.get(0)).isEqualTo(tmp.toAbsolutePath());
      assertThat(openedOnFx).containsExactly(false);
      ConsoleHarness.onFx(() -> {
        dialog.close();
        return null;
      });
    }
  }

  /** The export dialog's window, once shown. */
  private static Stage dialog() throws Exception {
    return ConsoleHarness.onFx(() -> Window.getWindows().stream()
        .filter(w -> w instanceof Stage && w.isShowing() && w.getScene() != null && w.getScene().lookup("#export-dialog") != null)
        .map(w -> (Stage) w).findFirst().orElse(null));
  }
}
