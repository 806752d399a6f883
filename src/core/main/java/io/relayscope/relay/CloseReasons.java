package io.relayscope.relay;

/**
 * What an operator's text may put in a close frame's reason (4010). The reason reaches the client
 * and every log and console that shows it, so characters that move a terminal's cursor, split a
 * line, or reorder text (bidi overrides) must not pass: each becomes a space, runs of spaces become
 * one, and the ends are trimmed. Everything printable, in any script, is kept as typed.
 */
public final class CloseReasons {
  private CloseReasons() {}

  /** {@code reason} without control characters; empty for null or for text with nothing printable. */
  public static String printable(String reason) {
    if (reason == null) return "";
    var out = new StringBuilder(reason.length());
    boolean space = false;
    for (int i = 0; i < reason.length(); ) {
      int c = reason.codePointAt(i);
      i += Character.charCount(c);
      if (unsafe(c) || Character.isWhitespace(c)) {
        space = out.length() > 0;
        continue;
      }
      if (space) out.append(' ');
      space = false;
      out.appendCodePoint(c);
    }
    return out.toString();
  }

  /** C0, DEL and C1 controls; line and paragraph separators; bidi embeddings, overrides and isolates. */
  private static boolean unsafe(int c) {
    return Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069);
  }
}
