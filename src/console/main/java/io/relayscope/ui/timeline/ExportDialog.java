package io.relayscope.ui.timeline;

import io.relayscope.ui.fx.Format;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Modality;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Where an export goes, and once written where it went, with "Open folder". Our own small window
 * rather than the platform's file chooser: it fits a 1280x720 screen and stays to say the path.
 * Every file-system step (exists?, write, open the folder) runs on the I/O executor.
 */
final class ExportDialog {
  /** Widest the dialog gets; narrower on a small screen. */
  static final double WIDTH = 560;

  private final Stage stage = new Stage();
  private final TextField folder = new TextField();
  private final TextField name = new TextField();
  private final Label result = new Label();
  private final Button save = new Button("Save");
  private final Button openFolder = new Button("Open folder");
  private final Button close = new Button("Cancel");
  private final Executor io;
  private final Function<Path, CompletableFuture<Integer>> writer;
  private final Consumer<Path> folderOpener;
  /** The file the operator was told exists: a second Save replaces it. */
  private Path confirmedReplace;
  private Path saved;

  /**
   * {@code writer} writes the export to a file off the FX thread and completes with the facts
   * written; {@code folderOpener} opens a folder in the desktop's file manager (called off the FX thread).
   */
  ExportDialog(Window owner, String what, String window, Path folderPath, String fileName, Executor io,
      Function<Path, CompletableFuture<Integer>> writer, Consumer<Path> folderOpener) {
    this.io = io;
    this.writer = writer;
    this.folderOpener = folderOpener;
    stage.initOwner(owner);
    stage.initModality(Modality.WINDOW_MODAL);
    stage.setTitle("Export " + what);

    var heading = new Label("Export " + what);
    heading.getStyleClass().add("section-title");
    heading.setWrapText(true);
    var span = new Label(window);
    span.setWrapText(true);
    folder.setId("export-folder");
    folder.setText(folderPath.toString());
    name.setId("export-name");
    name.setText(fileName);
    var browse = new Button("Browse…");
    browse.setId("export-browse");
    browse.setOnAction(e -> browse());
    var grid = new GridPane();
    grid.setHgap(8);
    grid.setVgap(6);
    grid.addRow(0, new Label("Folder"), folder, browse);
    grid.addRow(1, new Label("File name"), name);
    GridPane.setHgrow(folder, Priority.ALWAYS);
    GridPane.setColumnSpan(name, 2);
    result.setId("export-result");
    result.setWrapText(true);
    result.setMaxWidth(Double.MAX_VALUE);

    save.setId("export-save");
    save.setDefaultButton(true);
    save.setOnAction(e -> save());
    openFolder.setId("export-open-folder");
    openFolder.setVisible(false);
    openFolder.setManaged(false);
    openFolder.setOnAction(e -> openFolder());
    close.setId("export-close");
    close.setCancelButton(true);
    close.setOnAction(e -> stage.close());
    var spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    var buttons = new HBox(8, openFolder, spacer, save, close);
    buttons.setAlignment(Pos.CENTER_RIGHT);
    for (Button b : new Button[] {save, openFolder, close, browse}) b.setMinWidth(Region.USE_PREF_SIZE);

    var root = new VBox(10, heading, span, grid, result, buttons);
    root.setId("export-dialog");
    root.getStyleClass().add("export-dialog");
    root.setPadding(new Insets(14));
    Scene scene = new Scene(root);
    if (owner != null && owner.getScene() != null) scene.getStylesheets().setAll(owner.getScene().getStylesheets());
    stage.setScene(scene);
    fit(owner);
  }

  /** At most {@link #WIDTH} wide and never beyond the owner's screen, centred on the owner. */
  private void fit(Window owner) {
    Rectangle2D screen = owner == null ? Screen.getPrimary().getVisualBounds()
        : Screen.getScreensForRectangle(owner.getX(), owner.getY(), Math.max(1, owner.getWidth()), Math.max(1, owner.getHeight()))
            .stream().findFirst().orElse(Screen.getPrimary()).getVisualBounds();
    double w = Math.min(WIDTH, screen.getWidth() - 40);
    var root = (Region) stage.getScene().getRoot();
    root.setPrefWidth(w);
    stage.setMaxWidth(screen.getWidth());
    stage.setMaxHeight(screen.getHeight());
    stage.setOnShown(e -> {
      double x = owner == null ? screen.getMinX() + (screen.getWidth() - stage.getWidth()) / 2
          : owner.getX() + (owner.getWidth() - stage.getWidth()) / 2;
      double y = owner == null ? screen.getMinY() + (screen.getHeight() - stage.getHeight()) / 2
          : owner.getY() + (owner.getHeight() - stage.getHeight()) / 3;
      stage.setX(Math.max(screen.getMinX(), Math.min(x, screen.getMaxX() - stage.getWidth())));
      stage.setY(Math.max(screen.getMinY(), Math.min(y, screen.getMaxY() - stage.getHeight())));
    });
  }

  void show() {
    stage.show();
  }

  Stage stage() {
    return stage;
  }

  private void browse() {
    var chooser = new DirectoryChooser();
    chooser.setTitle("Export into which folder?");
    File dir = chooser.showDialog(stage);
    if (dir != null) folder.setText(dir.getPath());
  }

  private void save() {
    String n = name.getText().strip();
    if (n.isEmpty() || folder.getText().isBlank()) {
      result.setText("Give a folder and a file name.");
      return;
    }
    Path file = Path.of(folder.getText().strip()).resolve(n).toAbsolutePath();
    save.setDisable(true);
    result.setText("Saving…");
    boolean replace = file.equals(confirmedReplace);
    CompletableFuture.supplyAsync(() -> !replace && Files.exists(file), io).thenCompose(exists -> {
      if (exists) return CompletableFuture.completedFuture(-1);
      return writer.apply(file);
    }).whenComplete((facts, failure) -> Platform.runLater(() -> done(file, facts, failure)));
  }

  private void done(Path file, Integer facts, Throwable failure) {
    save.setDisable(false);
    if (failure != null) {
      Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
      result.setText("Export failed: " + cause.getMessage());
      return;
    }
    if (facts < 0) {
      confirmedReplace = file;
      result.setText(file.getFileName() + " already exists in that folder. Save again to replace it.");
      return;
    }
    saved = file;
    result.setText("Saved " + Format.count(facts) + " facts to " + file);
    openFolder.setVisible(true);
    openFolder.setManaged(true);
    close.setText("Close");
    stage.sizeToScene();
  }

  /** The desktop's file manager on the saved file's folder; never on the FX thread. */
  private void openFolder() {
    if (saved == null) return;
    Path dir = saved.getParent();
    io.execute(() -> {
      try {
        folderOpener.accept(dir);
      } catch (RuntimeException e) {
        Platform.runLater(() -> result.setText("Saved to " + saved + ". Could not open the folder: " + e.getMessage()));
      }
    });
  }
}
