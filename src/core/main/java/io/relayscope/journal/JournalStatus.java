package io.relayscope.journal;

/**
 * How the journal's disk copy is doing. {@code lost} counts facts that left the in-memory ring before
 * the writer could save them (it fell behind); {@code error} is set while writing is paused.
 */
public record JournalStatus(boolean enabled, String dir, String file, long written, long bytes, long lost, String error) {
  /** Writing failed and is being retried. */
  public boolean paused() {
    return enabled && error != null;
  }

  public static JournalStatus disabled() {
    return new JournalStatus(false, "", "", 0, 0, 0, null);
  }
}
