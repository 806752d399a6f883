package io.relayscope.export;

/**
 * Text from the journal with the characters a reader cannot see spelled out: {@code \n}, {@code \r},
 * {@code \t}, and {@code \u001b}-style escapes for the other C0 and C1 controls, DEL, line and
 * paragraph separators and bidi controls. Names and reasons come from engines, clients and
 * operators; raw, an ESC drives the terminal that shows the file, a newline starts a line the
 * report never wrote, a bidi override reverses what follows.
 */
final class VisibleText {
  private VisibleText() {}

  static String of(String s) {
    if (s == null) return "";
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String shown = shown(c);
      if (shown == null) {
        if (out != null) out.append(c);
        continue;
      }
      if (out == null) out = new StringBuilder(s.length() + 16).append(s, 0, i);
      out.append(shown);
    }
    return out == null ? s : out.toString();
  }

  /** How an invisible character is written, or null for one shown as it is. */
  static String shown(char c) {
    return switch (c) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> invisible(c) ? String.format("\\u%04x", (int) c) : null;
    };
  }

  private static boolean invisible(char c) {
    return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029 || c == 0x200e || c == 0x200f
        || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
  }
}
