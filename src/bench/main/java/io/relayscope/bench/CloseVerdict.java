package io.relayscope.bench;

/**
 * What the bench says of a reader the relay closed: the cause as a group (400 evictions are one
 * line, not 400) and whether the reader had fallen behind or the relay closed one that kept up.
 */
final class CloseVerdict {
  private CloseVerdict() {}

  /** A reader's socket held unread data this long before the Close: it had fallen behind. */
  static final long BEHIND_NANOS = 100_000_000L;
  /**
   * How far before a Close a stall of the reader's thread still counts: the relay closes a reader
   * whose frame stayed unwritten for its send timeout (2 s shipped), so a stall in the seconds before
   * the Close may be what it saw.
   */
  static final long STALL_WINDOW_NANOS = 3_000_000_000L;

  /**
   * What a relay's close says of the reader: it had fallen behind — its socket held more than one read
   * for {@link #BEHIND_NANOS} or more before the Close, or its thread went that long without reading
   * any socket (a round over hundreds of sockets, or the thread not scheduled) in the
   * {@link #STALL_WINDOW_NANOS} before it: the bench was slow — or it had kept up (the relay closed a
   * reader that was reading everything it got, whenever it got it).
   *
   * @param longestStallNanos the reader's thread's longest time without reading in the window
   */
  static String verdict(long backlogSinceNanos, long longestStallNanos, long now) {
    boolean backlog = backlogSinceNanos != 0 && now - backlogSinceNanos >= BEHIND_NANOS;
    return backlog || longestStallNanos >= BEHIND_NANOS ? " — the bench's reader had fallen behind"
        : " — the reader had kept up";
  }

  /**
   * Why a reader's socket failed, with the exception's message: "failed (IOException)" alone left 23
   * failures of a 1,000-reader run unexplained. The message loses any ": " so it stays one cause.
   */
  static String failure(Exception e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) return "failed (" + e.getClass().getSimpleName() + ")";
    String m = message.replace(": ", " ").strip();
    return "failed (" + e.getClass().getSimpleName() + ", " + (m.length() > 80 ? m.substring(0, 80) + "…" : m) + ")";
  }

  /**
   * A close reason without its particulars, so that 400 evictions are one cause, not 400: the text
   * before the first ": " ("4008 send deadline passed: frame unwritten for 2.27 s …" → "4008 send
   * deadline passed"), or before a closing parenthesis of figures ("4008 send queue over cap (8390980
   * bytes, …)" → "4008 send queue over cap"; "failed (SocketException)" stays whole).
   */
  static String cause(String why) {
    int particulars = why.indexOf(": ");
    if (particulars >= 0) return why.substring(0, particulars);
    int open = why.indexOf(" (");
    if (open > 0 && why.endsWith(")") && why.substring(open).chars().anyMatch(Character::isDigit)) {
      return why.substring(0, open);
    }
    return why;
  }
}
