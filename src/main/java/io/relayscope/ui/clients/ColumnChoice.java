package io.relayscope.ui.clients;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import java.util.stream.Collectors;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/**
 * Which columns of a table the operator chose to see, remembered across restarts in the same
 * preferences as the window's place (the console's WindowPlacement). Until the operator
 * chooses, a default set is hidden. Written to disk off the FX thread.
 */
final class ColumnChoice {
  private final Preferences prefs;
  private final String key;
  private final Executor writer;

  ColumnChoice(Preferences prefs, String key, Executor writer) {
    this.prefs = prefs;
    this.key = key;
    this.writer = writer;
  }

  /** Shows the columns last chosen (or all but {@code hiddenByDefault}), and remembers each change. */
  void apply(TableView<?> table, Set<String> hiddenByDefault) {
    String saved = read();
    Set<String> hidden = saved == null ? hiddenByDefault
        : Arrays.stream(saved.split("\t")).filter(s -> !s.isBlank()).collect(Collectors.toSet());
    for (TableColumn<?, ?> c : table.getColumns()) {
      c.setVisible(!hidden.contains(c.getText()));
      c.visibleProperty().addListener((o, was, is) -> save(table));
    }
  }

  /** The saved choice, or null. Preferences can be removed under us (another JVM, a reset): then defaults. */
  private String read() {
    try {
      return prefs.get(key, null);
    } catch (IllegalStateException removed) {
      return null;
    }
  }

  private void save(TableView<?> table) {
    var hidden = new HashSet<String>();
    for (TableColumn<?, ?> c : table.getColumns()) if (!c.isVisible()) hidden.add(c.getText());
    try {
      prefs.put(key, String.join("\t", hidden.stream().sorted().toList()));
    } catch (IllegalStateException removed) {
      return; // see read()
    }
    try {
      writer.execute(() -> {
        try {
          prefs.flush();
        } catch (BackingStoreException e) {
          // kept in memory; the JVM writes preferences at exit too
        } catch (IllegalStateException removed) {
          // the node was removed under us (by another JVM or a reset): the choice is not kept, the table is unaffected
        }
      });
    } catch (RejectedExecutionException closing) {
      // the console is closing: the JVM writes preferences at exit
    }
  }
}
