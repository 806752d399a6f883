package io.relayscope.ui.diagram;

import java.util.Set;

/**
 * Picks, among the unfolded layout and each {@link Fold}, the one drawn largest when fitted into
 * the pane: the one whose text is easiest to read. A handful of ELK runs of tens of milliseconds
 * each, once per structure change, off the FX thread.
 */
final class LayoutChooser {
  /** Pane size assumed before the pane has one: the default window's diagram pane. */
  static final double DEFAULT_WIDTH = 1150;
  static final double DEFAULT_HEIGHT = 370;
  /** A fold must beat the unfolded layout by this much: unfolded reads more simply. */
  static final double FOLD_MARGIN = 1.1;

  private LayoutChooser() {}

  static DiagramLayout best(DiagramStructure structure, TextMeasure text, double paneWidth, double paneHeight) {
    double w = paneWidth > 0 ? paneWidth : DEFAULT_WIDTH;
    double h = paneHeight > 0 ? paneHeight : DEFAULT_HEIGHT;
    DiagramLayout best = null;
    double bestScale = 0;
    for (Set<String> fold : Fold.candidates(structure)) {
      DiagramLayout layout = ElkDiagramLayout.layout(structure, text, fold);
      double scale = fitScale(layout, w, h) * (fold.isEmpty() ? FOLD_MARGIN : 1);
      if (best == null || scale > bestScale) {
        best = layout;
        bestScale = scale;
      }
    }
    return best;
  }

  /** The scale {@link ZoomPane} will draw this layout at in a pane of this size. */
  static double fitScale(DiagramLayout layout, double paneWidth, double paneHeight) {
    double w = Math.max(1, paneWidth - 2 * ZoomPane.MARGIN);
    double h = Math.max(1, paneHeight - 2 * ZoomPane.MARGIN);
    return Math.min(1, Math.min(w / layout.width(), h / layout.height()));
  }
}
