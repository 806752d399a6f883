package io.relayscope.ui.diagram;

import java.util.HashMap;
import java.util.Map;

/**
 * The size of a text as the diagram draws it. The layout needs sizes but runs off the FX thread,
 * so the view measures on the FX thread ({@link FxTextMeasure}) and hands the layout a
 * {@link #snapshot} of exactly the texts it will ask for.
 */
interface TextMeasure {
  enum Role { STATE, GROUP, EDGE, MARKER }

  record Size(double width, double height) {}

  Size measure(Role role, String text);

  /** An immutable copy of this measure for every text in {@code structure}: safe on any thread. */
  default TextMeasure snapshot(DiagramStructure structure) {
    var sizes = new HashMap<String, Size>();
    for (var s : structure.states()) sizes.put(key(Role.STATE, s.name()), measure(Role.STATE, s.name()));
    for (var g : structure.groups()) sizes.put(key(Role.GROUP, g.name()), measure(Role.GROUP, g.name()));
    for (var e : structure.edges()) sizes.put(key(Role.EDGE, e.label()), measure(Role.EDGE, e.label()));
    sizes.put(key(Role.MARKER, ElkDiagramLayout.ANY_LABEL), measure(Role.MARKER, ElkDiagramLayout.ANY_LABEL));
    Map<String, Size> copy = Map.copyOf(sizes);
    return (role, text) -> {
      Size s = copy.get(key(role, text));
      if (s == null) throw new IllegalArgumentException("not measured: " + role + " " + text);
      return s;
    };
  }

  private static String key(Role role, String text) {
    return role + "\u0000" + text;
  }

  /**
   * A rough measure (7 px a character, 15 px a line) for computing layouts without a toolkit, as
   * unit tests do.
   */
  static TextMeasure approximate() {
    return (role, text) -> {
      String[] lines = text.split("\n", -1);
      int longest = 0;
      for (String l : lines) longest = Math.max(longest, l.length());
      return new Size(longest * 7.0, lines.length * 15.0);
    };
  }
}
