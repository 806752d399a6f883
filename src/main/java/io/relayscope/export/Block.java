package io.relayscope.export;

/**
 * One episode of a client falling behind: from the moment its oldest waiting frame was queued
 * ({@code startMillis}) through SLOW and/or STALLED until it recovered, was evicted or closed.
 * {@code slowAtMillis}/{@code stalledAtMillis} are when the relay flagged it (-1: never in that state).
 */
public record Block(String client, long startMillis, long slowAtMillis, long stalledAtMillis, long endMillis, String endedBy) {
  public long millis() {
    return Math.max(0, endMillis - startMillis);
  }

  public boolean stalled() {
    return stalledAtMillis >= 0;
  }

  /** The worst state it reached. */
  public String worst() {
    return stalled() ? "STALLED" : "SLOW";
  }

  /** When the STALLED part began (the relay's flag), or -1. */
  public long stallStartMillis() {
    return stalled() ? Math.max(startMillis, stalledAtMillis) : -1;
  }

  public boolean open() {
    return endedBy == null;
  }
}
