package io.relayscope.machines;

/** How a machine has used one state: entries, total time spent (closed visits), last entry. */
public record StateStats(String state, long visits, long totalMillis, long lastEnteredMillis) {}
