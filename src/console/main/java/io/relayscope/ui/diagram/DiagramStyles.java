package io.relayscope.ui.diagram;

/** Style classes the diagram uses; their colours live in relayscope.css and relayscope-dark.css. */
final class DiagramStyles {
  static final String VIEW = "diagram-view";
  static final String CANVAS = "diagram-canvas";
  static final String STATE = "diagram-state";
  static final String CURRENT = "state-current";
  static final String UNDECLARED_STATE = "state-undeclared";
  static final String GROUP = "diagram-group";
  static final String GROUP_LABEL = "diagram-group-label";
  static final String MARKER = "diagram-any";
  static final String EDGE = "diagram-edge";
  static final String EDGE_LINE = "edge-line";
  static final String EDGE_ARROW = "edge-arrow";
  static final String EDGE_LABEL = "edge-label";
  static final String UNDECLARED_EDGE = "edge-undeclared";
  static final String ANY_EDGE = "edge-any";
  static final String FLASH = "edge-flash";

  private DiagramStyles() {}

  /**
   * A node id made of {@code prefix} and a name, with anything CSS selectors would misread (spaces
   * in group names, dots in state names) turned into underscores, so {@code #state-x} lookups work.
   */
  static String id(String prefix, String name) {
    return prefix + name.replaceAll("[^A-Za-z0-9_-]", "_");
  }
}
