package io.relayscope.export;

/**
 * One CSV cell: neutralised against formula injection, then quoted per RFC 4180. A cell that starts
 * with {@code = + - @}, a tab or a carriage return is read by spreadsheets as a formula (a machine
 * named {@code =HYPERLINK(…)} becomes a live link): it gets a single quote in front, as OWASP's
 * CSV-injection rule says, which spreadsheets show as text and a reader can strip.
 */
final class CsvText {
  private CsvText() {}

  static String cell(String s) {
    return quote(neutralise(s == null ? "" : s));
  }

  static String neutralise(String s) {
    if (s.isEmpty()) return s;
    return switch (s.charAt(0)) {
      case '=', '+', '-', '@', '\t', '\r' -> "'" + s;
      default -> s;
    };
  }

  /** RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled. */
  static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
