package io.relayscope.event;

/** Where ingest hands raw input off. Implementations never block the caller. */
public interface InputSink {
  /** @return false when the hand-off is full; the caller counts and reports the loss. */
  boolean offer(RawInput input);
}
