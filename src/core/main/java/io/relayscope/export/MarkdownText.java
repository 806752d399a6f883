package io.relayscope.export;

/**
 * Journal text quoted in the Markdown report, so that it reads as text and does nothing: invisible
 * characters spelled out ({@link VisibleText}, so no newline can start a line of its own), HTML
 * special characters as entities (no tag survives, {@code <script>} included), and what would open
 * a code span, a link or a table cell backslash-escaped. Other Markdown punctuation ({@code _ * [})
 * is left alone: it can only restyle the quote, and {@code face_processor} or {@code [info]} stay
 * readable.
 */
final class MarkdownText {
  private MarkdownText() {}

  static String of(String s) {
    if (s == null) return "";
    if (plain(s)) return s; // most names and reasons: no copy
    var out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      // The text's own backslashes are escaped; those that spell out an invisible character are not.
      String shown = VisibleText.shown(c);
      if (shown != null) {
        out.append(shown);
        continue;
      }
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '\\', '`', '|' -> out.append('\\').append(c);
        // "[text](url)" is the only link a line can hold (references need a line of their own):
        // breaking "](" stops it and leaves "[info] …" as it was.
        case '(' -> out.append(i > 0 && s.charAt(i - 1) == ']' ? "\\(" : "(");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '&' || c == '<' || c == '>' || c == '\\' || c == '`' || c == '|' || c == '(' || VisibleText.shown(c) != null) return false;
    }
    return true;
  }
}
