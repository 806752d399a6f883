package io.relayscope.ui.log;

import io.relayscope.ui.fx.Format;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;

/**
 * Keeps the newest row in view while the operator is at the bottom of the log. Scrolled up, the
 * log stays where they left it and a small "paused — n new" notice counts what arrived meanwhile;
 * scrolling back to the bottom (or clicking the notice) follows again.
 *
 * <p>Whether to follow is decided from where the table is scrolled just before rows are appended,
 * so the table's own scrolling (after an append, or by {@link #toEnd}) needs no telling apart from
 * the operator's.
 */
final class TailFollower {
  private final TableView<LogEntry> table;
  private final Button notice = new Button();
  private boolean following = true;
  private boolean wasOnScreen;
  private boolean laidOut;
  private long unseen;

  TailFollower(TableView<LogEntry> table) {
    this.table = table;
    Runnable onLayout = () -> laidOut = true;
    table.sceneProperty().addListener((o, was, is) -> {
      if (was != null) was.removePostLayoutPulseListener(onLayout);
      if (is != null) is.addPostLayoutPulseListener(onLayout);
    });
    notice.setId("log-paused");
    notice.getStyleClass().add("log-paused");
    notice.setVisible(false);
    notice.setManaged(false);
    notice.setFocusTraversable(false);
    notice.setOnAction(e -> toEnd());
  }

  /** The "paused — n new" notice, to lay over the table. */
  Node notice() {
    return notice;
  }

  /** Where the operator has the table now; call once per frame, before appending. */
  void check() {
    if (!onScreen()) {
      wasOnScreen = false;
      return;
    }
    if (!wasOnScreen) {
      // Just shown (tab switched): where a hidden table scrolled to says nothing of the operator.
      wasOnScreen = true;
      if (following) scrollToEnd();
      return;
    }
    // Not laid out since the last append or scroll (two frames can run in one pulse): what the
    // table shows is stale, so keep following or not as before.
    VirtualFlow<?> flow = flow();
    if (flow == null || !laidOut) return;
    double below = hiddenBelow(flow);
    boolean atBottom = below <= LogTable.ROW_HEIGHT / 2;
    // Within half a row of the end counts as the end; show that last half row too.
    if (atBottom && below > 0) scrollToEnd();
    if (atBottom && !following) unseen = 0;
    if (atBottom != following) {
      following = atBottom;
      showNotice();
    }
  }

  /** Rows were appended, {@code visible} of them passing the filter. */
  void appended(int visible) {
    laidOut = false;
    if (following) {
      scrollToEnd();
    } else {
      unseen += visible;
    }
    showNotice();
  }

  /** Scrolls to the newest row and follows from there. */
  void toEnd() {
    following = true;
    unseen = 0;
    scrollToEnd();
    showNotice();
  }

  /** The rows changed wholesale (filter): stay at the end if following. */
  void refiltered() {
    laidOut = false;
    if (following) scrollToEnd();
  }

  private void scrollToEnd() {
    laidOut = false;
    int n = table.getItems().size();
    if (n == 0) return;
    // scrollTo alone puts the row at the top, which the table then clamps against a row count it
    // may not have caught up with yet: it could stop short of the end after a big append or trim.
    // Position 1 is the end whatever the count.
    table.scrollTo(n - 1);
    VirtualFlow<?> flow = flow();
    if (flow != null) flow.setPosition(1);
  }

  private VirtualFlow<?> flow() {
    return (VirtualFlow<?>) table.lookup(".virtual-flow");
  }

  private void showNotice() {
    notice.setVisible(!following);
    notice.setManaged(!following);
    notice.setText("paused — " + Format.count(unseen) + " new  ↓");
  }

  /** Pixels of rows below the visible part of the table: 0 at the bottom, or with nothing to scroll. */
  private double hiddenBelow(VirtualFlow<?> flow) {
    int n = table.getItems().size();
    IndexedCell<?> last = n == 0 ? null : flow.getLastVisibleCell();
    if (last == null) return 0;
    // The scroll bar's value is no help here: after scrollTo(last) it reads 299/300, not its max.
    if (last.getIndex() < n - 1) return (n - 1 - last.getIndex()) * LogTable.ROW_HEIGHT;
    double viewport = flow.getHeight();
    for (Node b : flow.lookupAll(".scroll-bar")) {
      if (b instanceof ScrollBar bar && bar.getOrientation() == Orientation.HORIZONTAL && bar.isVisible()) {
        viewport -= bar.getHeight();
      }
    }
    return Math.max(0, last.getLayoutY() + last.getHeight() - viewport);
  }

  /** Whether the table is on screen: in a hidden tab its scroll position says nothing of the operator. */
  private boolean onScreen() {
    if (table.getScene() == null) return false;
    for (Node n = table; n != null; n = n.getParent()) if (!n.isVisible()) return false;
    return true;
  }
}
