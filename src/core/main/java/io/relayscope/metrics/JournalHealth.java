package io.relayscope.metrics;

/**
 * The journal's disk copy as health and metrics report it: {@code status} is {@code ok},
 * {@code paused} (writing failed, e.g. disk full; {@code error} says why) or {@code disabled};
 * {@code lost} counts facts that will never reach the files.
 */
public record JournalHealth(String status, long lost, String error) {
  public static final JournalHealth DISABLED = new JournalHealth("disabled", 0, null);

  public boolean paused() {
    return "paused".equals(status);
  }
}
