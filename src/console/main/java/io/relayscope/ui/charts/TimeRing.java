package io.relayscope.ui.charts;

/**
 * One metric's recent points, (time, value), oldest first, in fixed arrays: the charts' history is
 * a few hundred points per series whatever the traffic, and recording one costs no allocation.
 */
final class TimeRing {
  private final long[] times;
  private final double[] values;
  private int start;
  private int size;

  TimeRing(int capacity) {
    times = new long[capacity];
    values = new double[capacity];
  }

  /** Appends a point; the oldest is overwritten when the ring is full. */
  void add(long atMillis, double value) {
    int slot = (start + size) % times.length;
    if (size == times.length) {
      start = (start + 1) % times.length;
    } else {
      size++;
    }
    times[slot] = atMillis;
    values[slot] = value;
  }

  /** Forgets the points taken before {@code atMillis}. */
  void dropBefore(long atMillis) {
    while (size > 0 && times[start] < atMillis) {
      start = (start + 1) % times.length;
      size--;
    }
  }

  int size() {
    return size;
  }

  /** The {@code i}-th point's time, 0 being the oldest. */
  long time(int i) {
    return times[(start + i) % times.length];
  }

  double value(int i) {
    return values[(start + i) % values.length];
  }
}
