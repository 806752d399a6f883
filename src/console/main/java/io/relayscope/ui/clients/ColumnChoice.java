package io.relayscope.ui.clients;

import javafx.collections.ObservableSet;
import javafx.collections.SetChangeListener;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/**
 * Ties a table's columns to the set of column names the operator hid: a column shows unless its
 * header text is in the set, and showing or hiding one from the table's menu changes the set (which
 * the view model remembers across restarts).
 */
final class ColumnChoice {
  private ColumnChoice() {}

  static void bind(TableView<?> table, ObservableSet<String> hidden) {
    for (TableColumn<?, ?> c : table.getColumns()) {
      c.setVisible(!hidden.contains(c.getText()));
      c.visibleProperty().addListener((o, was, is) -> {
        if (is) hidden.remove(c.getText());
        else hidden.add(c.getText());
      });
    }
    hidden.addListener((SetChangeListener<String>) change -> {
      for (TableColumn<?, ?> c : table.getColumns()) c.setVisible(!hidden.contains(c.getText()));
    });
  }
}
