package io.relayscope.event;

/**
 * Hears of each accepted event, on the hub thread, after its fan-out was queued. Implementations
 * must return at once (hand the event off, or count it lost): the hub waits for nobody.
 */
@FunctionalInterface
public interface EventTap {
  EventTap NONE = event -> {};

  void accepted(EngineEvent event);
}
