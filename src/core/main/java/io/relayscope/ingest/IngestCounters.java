package io.relayscope.ingest;

/** Counts one ingest source keeps; written by its own thread only, read by anyone. */
public final class IngestCounters {
  private volatile long received;
  private volatile long handoffFull;
  private volatile boolean active;

  void countReceived() {
    received++; // single writer
  }

  void countHandoffFull() {
    handoffFull++; // single writer
  }

  void active(boolean value) {
    active = value;
  }

  public long received() {
    return received;
  }

  public long handoffFull() {
    return handoffFull;
  }

  public boolean active() {
    return active;
  }
}
