package io.relayscope.bench;

/**
 * What a scenario runs against. Relayscope as shipped (journal on) comes first; the others are
 * measured in the same run so every figure has its baseline beside it.
 */
public enum Strategy {
  /** Relayscope in its shipped configuration: the journal written to disk. */
  RELAYSCOPE("relayscope"),
  /** Relayscope with {@code --no-journal}: what the journal costs. */
  RELAYSCOPE_NO_JOURNAL("no-journal"),
  /**
   * The same relay as {@link #RELAYSCOPE_NO_JOURNAL} with its console open instead of {@code --headless}
   * (software pipeline, on {@code DISPLAY} or an Xvfb of the benchmark's own): what the window costs
   * the relay inside it.
   */
  CONSOLE("console"),
  /** The seed's fix: each client in turn, each send awaited up to 2 s ({@link BaselineRelay}). */
  SEQUENTIAL("sequential"),
  /** The seed's asyncio design: receive and send on one thread ({@link SingleThreadRelay}). */
  SINGLE_THREAD("single-thread"),
  /**
   * The floor: the single-threaded relay's receive loop (the same junixsocket call as Relayscope's
   * ingest) with nothing forwarded. What it loses, any relay on this machine loses at least.
   */
  RECEIVE_ONLY("receive-only"),
  /** Fleet: the engine sends to relay A ({@code --nats}); the clients read relay B ({@code --nats-source}). */
  FLEET("fleet"),
  /** Relayscope publishing to a healthy NATS, clients on the same relay: what publishing costs them. */
  NATS("nats"),
  /** As {@link #NATS}, with the NATS server stopped dead (SIGSTOP) for the measured run. */
  NATS_STOPPED("nats-stopped");

  private final String label;

  Strategy(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  boolean isRelayscope() {
    return this != SEQUENTIAL && this != SINGLE_THREAD && this != RECEIVE_ONLY;
  }

  /** Sends the events on to the clients (the floor only receives them). */
  boolean forwards() {
    return this != RECEIVE_ONLY;
  }

  /** Opens the console (on an X display) instead of running headless. */
  boolean opensConsole() {
    return this == CONSOLE;
  }

  /** Needs a nats-server. */
  boolean usesNats() {
    return this == FLEET || this == NATS || this == NATS_STOPPED;
  }

  /** By label, for the command line. */
  public static Strategy of(String label) {
    for (Strategy s : values()) if (s.label.equals(label)) return s;
    throw new IllegalArgumentException("no strategy '" + label + "' (relayscope, no-journal, console, sequential, single-thread, receive-only, fleet, nats, nats-stopped)");
  }
}
