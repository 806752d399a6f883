package io.relayscope.export;

/**
 * One episode of a client falling behind: from where the relay dated it (the first byte the client did not read)
 * ({@code startMillis}) through LAGGING and/or NOT READING until it recovered, was evicted or closed.
 * {@code slowAtMillis}/{@code stalledAtMillis} are when the relay flagged it LAGGING / NOT READING
 * (-1: never in that state); the names are the fields' old ones, kept for their callers.
 */
public record Block(String client, long startMillis, long slowAtMillis, long stalledAtMillis, long endMillis, String endedBy) {
  public long millis() {
    return Math.max(0, endMillis - startMillis);
  }

  /** Whether it reached NOT READING. */
  public boolean stalled() {
    return stalledAtMillis >= 0;
  }

  /** When the NOT READING part began (the relay's flag), or -1. */
  public long stallStartMillis() {
    return stalled() ? Math.max(startMillis, stalledAtMillis) : -1;
  }

  public boolean open() {
    return endedBy == null;
  }
}
