package io.relayscope.ui.machines;

import io.relayscope.machines.MachineSnapshot;
import io.relayscope.ui.frame.ConsoleFrame;
import io.relayscope.ui.frame.FrameView;
import io.relayscope.ui.frame.Selection;
import io.relayscope.ui.fx.Format;
import io.relayscope.ui.fx.StyleClass;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * One card per machine seen: name, config type, current state, time in state, last activity.
 * Terminated machines are dimmed; machines silent for a while say so. Selecting one shows its
 * diagram. The list holds names only, so a frame refreshes the cards without disturbing selection.
 */
public final class MachinesView implements FrameView {
  /** A machine with no event for this long is marked silent. */
  public static final long SILENT_MILLIS = 60_000;
  static final String DEFAULT_MACHINE = "face_processor";

  private final Selection selection;
  private final ObservableList<String> names = FXCollections.observableArrayList();
  private final Map<String, MachineSnapshot> latest = new HashMap<>();
  private final ListView<String> list = new ListView<>(names);
  private final BorderPane root = new BorderPane();
  private final Label empty = new Label("No machine has sent an event yet.\nEngines send to the event socket shown below.");
  private long now;
  /** The cells the list made (a screenful): a frame refills them in place. Weak: the list may drop some. */
  private final Set<MachineCell> cells = Collections.newSetFromMap(new WeakHashMap<>());

  public MachinesView(Selection selection) {
    this.selection = selection;
    list.setId("machines-list");
    list.getStyleClass().add("machine-list");
    list.setCellFactory(v -> new MachineCell());
    empty.getStyleClass().add("empty-hint");
    empty.setWrapText(true);
    list.setPlaceholder(empty);
    list.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> {
      if (is != null) selection.machineProperty().set(is);
    });
    selection.machineProperty().addListener((o, was, is) -> {
      if (is != null && !is.equals(list.getSelectionModel().getSelectedItem()) && names.contains(is)) {
        list.getSelectionModel().select(is);
      }
    });
    Label title = new Label("Machines");
    title.getStyleClass().add("section-title");
    root.setTop(title);
    root.setCenter(list);
    root.setMinWidth(220);
    root.setPrefWidth(270);
  }

  public Node node() {
    return root;
  }

  @Override
  public void render(ConsoleFrame frame) {
    now = frame.takenAtMillis();
    for (MachineSnapshot m : frame.machines()) {
      if (latest.put(m.name(), m) == null) {
        // Insert in order rather than re-sort: a sort permutes the list and disturbs its selection.
        int at = Collections.binarySearch(names, m.name());
        names.add(at < 0 ? -at - 1 : at, m.name());
      }
    }
    if (selection.machine() == null && !names.isEmpty()) {
      selection.machineProperty().set(names.contains(DEFAULT_MACHINE) ? DEFAULT_MACHINE : names.get(0));
    }
    if (selection.machine() != null && !selection.machine().equals(list.getSelectionModel().getSelectedItem())
        && names.contains(selection.machine())) {
      list.getSelectionModel().select(selection.machine());
    }
    // In place, not list.refresh(): that throws every cell away and builds new ones (nodes, CSS,
    // layout) each frame. Refilled, a card whose texts are the same changes nothing on screen.
    for (MachineCell c : List.copyOf(cells)) c.fill();
  }

  private final class MachineCell extends ListCell<String> {
    private final Label name = new Label();
    private final Label config = new Label();
    private final Label state = new Label();
    private final Label detail = new Label();
    private final VBox card = new VBox();

    MachineCell() {
      name.getStyleClass().add("machine-name");
      config.getStyleClass().add("machine-detail");
      state.getStyleClass().add("machine-state");
      detail.getStyleClass().add("machine-detail");
      Region spacer = new Region();
      HBox.setHgrow(spacer, Priority.ALWAYS);
      card.getChildren().addAll(new HBox(6, name, spacer, config), state, detail);
      card.getStyleClass().add("machine-card");
      card.setPadding(new Insets(6, 8, 6, 8));
      setPrefWidth(0); // let the card follow the list's width instead of its text
      cells.add(this);
    }

    @Override
    protected void updateItem(String item, boolean isEmpty) {
      super.updateItem(item, isEmpty);
      fill();
    }

    /** Shows the newest snapshot of its machine; the labels change only where their texts do. */
    void fill() {
      String item = getItem();
      if (isEmpty() || item == null || latest.get(item) == null) {
        setGraphic(null);
        setText(null);
        return;
      }
      MachineSnapshot m = latest.get(item);
      name.setText(m.name());
      config.setText(m.configType() == null ? "" : m.configType());
      boolean silent = !m.terminated() && now - m.lastActivityMillis() > SILENT_MILLIS;
      state.setText(m.terminated() ? "terminated (last: " + orDash(m.currentState()) + ")"
          : m.currentState() == null ? "no state reported" : m.currentState());
      String inState = m.currentState() == null ? "" : "in state " + Format.duration(m.millisInState(now)) + " · ";
      detail.setText(inState + (silent ? "silent for " + Format.duration(now - m.lastActivityMillis())
          : "last activity " + Format.time(m.lastActivityMillis())));
      StyleClass.set(card, "terminated", m.terminated());
      StyleClass.set(card, "silent", silent);
      card.setId("machine-card-" + m.name());
      setText(null);
      if (getGraphic() != card) setGraphic(card);
    }
  }

  private static String orDash(String s) {
    return s == null ? "—" : s;
  }
}
