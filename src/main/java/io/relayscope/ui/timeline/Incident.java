package io.relayscope.ui.timeline;

/** A moment worth an operator's look, found automatically in the facts. */
record Incident(long atMillis, String lane, String what) {}
