package io.relayscope.relay;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket server stopped on a fatal error: no client can connect and /health cannot answer,
 * so surviving is impossible — journal it and end the process with status 70, never run on half-dead.
 */
final class FatalExit {
  private static final Logger log = LoggerFactory.getLogger(FatalExit.class);

  private final RelayThreads threads;
  private volatile boolean stopping;

  FatalExit(RelayThreads threads) {
    this.threads = threads;
  }

  /** The relay is stopping the server itself: its end is no failure. */
  void stopping() {
    stopping = true;
  }

  void serverFailed(Throwable error) {
    if (stopping) return;
    threads.failed("relay-websocket", error);
    log.error("the WebSocket server failed ({}); exiting", error.toString());
    // From a fresh thread: shutdown hooks may wait for the thread that reported the failure.
    new Thread(() -> System.exit(70), "relay-fatal-exit").start();
  }
}
