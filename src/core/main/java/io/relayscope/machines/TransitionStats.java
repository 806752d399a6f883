package io.relayscope.machines;

/** A transition seen live: how often, and when last. {@code event} is the engine's trigger. */
public record TransitionStats(String from, String to, String event, long count, long lastAtMillis) {}
