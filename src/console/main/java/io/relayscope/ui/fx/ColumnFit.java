package io.relayscope.ui.fx;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * Widens a table's columns to what they show, so no header or cell is cut with an ellipsis at
 * 1280x720: the table scrolls sideways instead. Measures with the fonts the table's CSS gave its
 * headers and cells. A column follows its texts back down to its first width when they go, in
 * steps of {@link #STEP} so it does not jitter as a figure gains a digit.
 */
public final class ColumnFit {
  /** Room a cell takes besides its text (padding, a little air). */
  static final double CELL_PADDING = 24;
  /** Room a header takes besides its text (padding, a sort arrow). */
  static final double HEADER_PADDING = 28;
  /** Cell widths move in steps this big. */
  static final double STEP = 40;
  private static final String BASE = "column-fit-base";
  private static final String HEADERS_FITTED = "column-fit-headers";

  private ColumnFit() {}

  /** Each column at least as wide as its header's text. */
  public static void headers(TableView<?> table) {
    Font font = font(table, ".column-header .label", Font.font(Font.getDefault().getFamily(),
        FontWeight.BOLD, Font.getDefault().getSize()));
    // Tables call this every time they refresh: measure again only when the headers or their font
    // changed, not a few times a second for the same texts.
    var fitted = new ArrayList<Object>(List.of(font));
    for (TableColumn<?, ?> c : table.getVisibleLeafColumns()) fitted.add(c.getText());
    if (fitted.equals(table.getProperties().get(HEADERS_FITTED))) return;
    table.getProperties().put(HEADERS_FITTED, fitted);
    for (TableColumn<?, ?> c : table.getVisibleLeafColumns()) {
      if (c.getText() == null || c.getText().isEmpty()) continue;
      double needed = Math.ceil(width(c.getText(), font)) + HEADER_PADDING;
      if (c.getMinWidth() < needed) c.setMinWidth(needed);
      if (c.getPrefWidth() < needed) c.setPrefWidth(needed);
    }
  }

  /** {@code column} as wide as the widest of {@code texts} in a cell, and at least its first width. */
  public static void cells(TableView<?> table, TableColumn<?, ?> column, Iterable<String> texts) {
    double base = (double) column.getProperties().computeIfAbsent(BASE, k -> column.getPrefWidth());
    Font font = font(table, ".table-cell", Font.getDefault());
    double widest = 0;
    for (String t : texts) {
      if (t != null && !t.isEmpty()) widest = Math.max(widest, width(t, font));
    }
    double needed = Math.max(base, Math.ceil((widest + CELL_PADDING) / STEP) * STEP);
    if (column.getPrefWidth() != needed) column.setPrefWidth(needed);
  }

  /**
   * A column of fixed-format texts (a time, a count) never narrower than {@code widest} in a cell: a
   * constrained table squeezes every column when a scroll bar appears, and cut the log's times to
   * "05:26:44.7…". Call it once the table's CSS is applied (its cell font), and again if that changes.
   */
  public static void atLeast(TableView<?> table, TableColumn<?, ?> column, String widest) {
    double needed = Math.ceil(width(widest, font(table, ".table-cell", Font.getDefault())) + CELL_PADDING);
    if (column.getMinWidth() < needed) column.setMinWidth(needed);
    if (column.getPrefWidth() < needed) column.setPrefWidth(needed);
  }

  private static Font font(TableView<?> table, String selector, Font fallback) {
    return table.lookup(selector) instanceof Labeled l ? l.getFont() : fallback;
  }

  private static double width(String s, Font font) {
    var text = new Text(s);
    text.setFont(font);
    return text.getLayoutBounds().getWidth();
  }
}
