package io.relayscope.ui.log;

import io.relayscope.ui.frame.Selection;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.controlsfx.control.CheckComboBox;
import org.controlsfx.control.textfield.TextFields;

/**
 * The log's filter controls — machine (optionally following the selected machine), event types,
 * free text — turned into one {@link LogFilter}. Machines and types are learnt from the rows as
 * they arrive.
 */
final class LogFilterBar {
  static final String ALL_MACHINES = "All machines";

  private final Selection selection;
  private final ComboBox<String> machine = new ComboBox<>();
  private final CheckBox follow = new CheckBox("Follow selection");
  private final CheckComboBox<String> types = new CheckComboBox<>();
  private final TextField text = TextFields.createClearableTextField();
  private final HBox root;
  private final Set<String> knownMachines = new TreeSet<>();
  private final Set<String> knownTypes = new HashSet<>();
  private final ReadOnlyObjectWrapper<LogFilter> filter = new ReadOnlyObjectWrapper<>(LogFilter.ALL);
  private boolean learning;

  LogFilterBar(Selection selection) {
    this.selection = selection;
    machine.setId("log-machine-filter");
    machine.getItems().add(ALL_MACHINES);
    machine.setValue(ALL_MACHINES);
    machine.setPrefWidth(170);
    machine.valueProperty().addListener((o, was, is) -> {
      // Picking a machine by hand means the operator no longer wants to follow the selection.
      if (!learning && follow.isSelected() && is != null && !is.equals(selection.machine())) follow.setSelected(false);
      update();
    });

    follow.setId("log-follow-selection");
    follow.setTooltip(new Tooltip("Show only the machine selected in the Machines list"));
    follow.selectedProperty().addListener((o, was, is) -> {
      if (is) followSelection();
    });
    selection.machineProperty().addListener((o, was, is) -> {
      if (follow.isSelected()) followSelection();
    });

    types.setId("log-type-filter");
    types.setTitle("Types");
    types.setShowCheckedCount(true);
    types.setPrefWidth(150);
    types.setTooltip(new Tooltip("Event types to show; rejected inputs are the type \"" + LogEntry.REJECTED + "\""));
    types.getCheckModel().getCheckedItems().addListener((ListChangeListener<String>) c -> {
      if (!learning) update();
    });

    text.setId("log-text-filter");
    text.setPromptText("Filter text (summary, machine, type, seq)");
    text.textProperty().addListener((o, was, is) -> update());
    HBox.setHgrow(text, Priority.ALWAYS);
    text.setMaxWidth(420);

    root = new HBox(6, machine, follow, types, text);
    root.getStyleClass().add("log-filters");
  }

  Node node() {
    return root;
  }

  ReadOnlyObjectProperty<LogFilter> filterProperty() {
    return filter.getReadOnlyProperty();
  }

  /** Adds machines and types not seen before; new types start ticked so they show. */
  void learn(Collection<LogEntry> rows, Collection<String> machines) {
    learning = true;
    try {
      boolean newMachine = false;
      for (String m : machines) newMachine |= knownMachines.add(m);
      for (LogEntry e : rows) {
        if (e.machine() != null) newMachine |= knownMachines.add(e.machine());
        if (e.kind() != LogEntry.Kind.GAP && knownTypes.add(e.type())) {
          // Appended, not sorted in: the check model tracks ticks by index.
          types.getItems().add(e.type());
          types.getCheckModel().check(e.type());
        }
      }
      // The popup's check boxes follow item properties that CheckComboBox does not keep in step
      // with its check model when items are added later: set them from the model, so the ticks
      // shown are the types counted and filtered.
      for (String t : types.getItems()) {
        var tick = types.getItemBooleanProperty(t);
        boolean checked = types.getCheckModel().isChecked(t);
        if (tick != null && tick.get() != checked) tick.set(checked);
      }
      if (newMachine) {
        String shown = machine.getValue();
        machine.getItems().setAll(ALL_MACHINES);
        machine.getItems().addAll(knownMachines);
        machine.setValue(shown);
        if (follow.isSelected()) followSelection();
      }
    } finally {
      learning = false;
    }
  }

  private void followSelection() {
    String m = selection.machine();
    boolean was = learning;
    learning = true; // not a choice by hand
    try {
      if (m != null && !machine.getItems().contains(m)) machine.getItems().add(m);
      machine.setValue(m == null ? ALL_MACHINES : m);
    } finally {
      learning = was;
    }
    update();
  }

  private void update() {
    String m = machine.getValue();
    var hidden = new HashSet<>(types.getItems());
    hidden.removeAll(types.getCheckModel().getCheckedItems());
    filter.set(new LogFilter(m == null || ALL_MACHINES.equals(m) ? null : m, hidden, text.getText()));
  }
}
