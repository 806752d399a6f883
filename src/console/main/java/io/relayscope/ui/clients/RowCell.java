package io.relayscope.ui.clients;

import javafx.beans.InvalidationListener;
import javafx.scene.control.TableCell;

/**
 * A cell of the clients table that follows its row's figures itself, and lays out only itself when
 * one changes.
 *
 * <p>With the figures as the cell's value (the table's own way), every new figure had the cell ask
 * its row for a layout, and a row that asks has the table rebuild every row it shows, empty filler
 * rows included (each re-indexed, its CSS redone): once a second for ever with idle readers, whose
 * last-pong ages tick. Here the cell's value is the row (it never changes), a new figure replaces
 * the cell's text, and the layout that asks for stays in the cell: a figure is one line (or a
 * fixed-size graphic), so the row's height does not depend on it. So does the cell's own layout:
 * moving its text (a right-aligned figure that gained a digit) made JavaFX ask the row again.
 */
abstract class RowCell extends TableCell<ClientRow, ClientRow> {
  private final InvalidationListener onStats = o -> follow();
  private ClientRow row;
  private boolean inPlace;

  @Override
  protected final void updateItem(ClientRow item, boolean empty) {
    super.updateItem(item, empty);
    if (row != null) row.statsProperty().removeListener(onStats);
    row = empty ? null : item;
    if (row != null) row.statsProperty().addListener(onStats);
    show(row); // a cell given another row (or none): the table is laying out anyway
  }

  /** The row's figures changed (FX thread, in the frame's render): shown at once, laid out in place. */
  private void follow() {
    inPlace = true;
    try {
      show(row);
    } finally {
      inPlace = false;
    }
  }

  @Override
  protected void layoutChildren() {
    inPlace = true; // the cell places its own text: its size is its column's and its row's, not its text's
    try {
      super.layoutChildren();
    } finally {
      inPlace = false;
    }
  }

  /** Shows {@code row}'s current figures; null for an empty cell. */
  protected abstract void show(ClientRow row);

  @Override
  public void requestLayout() {
    if (inPlace) {
      setNeedsLayout(true); // this cell only: its parents are marked to reach it, none relaid
    } else {
      super.requestLayout();
    }
  }
}
