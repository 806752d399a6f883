package io.relayscope.ui.timeline;

/**
 * A moment worth an operator's look, found automatically in the facts: from {@code atMillis} to
 * {@code endMillis} (equal for a moment; a client's episode runs from its flag to its end).
 */
record Incident(long atMillis, long endMillis, String lane, String what) {
  Incident(long atMillis, String lane, String what) {
    this(atMillis, atMillis, lane, what);
  }
}
