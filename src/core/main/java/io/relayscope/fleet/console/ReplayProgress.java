package io.relayscope.fleet.console;

/**
 * How far the console has read the streams it attached to: messages delivered so far and, as
 * JetStream reports with each one, how many are still waiting. Caught up when none are.
 */
public record ReplayProgress(long eventsDelivered, long eventsPending, long factsDelivered, long factsPending) {
  public static final ReplayProgress NONE = new ReplayProgress(0, 0, 0, 0);

  public boolean caughtUp() {
    return eventsPending == 0 && factsPending == 0;
  }

  /** 0..1: the share of the history read so far. */
  public double fraction() {
    long done = eventsDelivered + factsDelivered;
    long all = done + eventsPending + factsPending;
    return all == 0 ? 1 : (double) done / all;
  }
}
