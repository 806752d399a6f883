package io.relayscope.ui.charts;

import io.relayscope.metrics.ClientStats;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one client did during the second being sampled, reduced to one value per metric.
 *
 * <p>The client's latency summary is cumulative since connect, so its p99 barely moves once a
 * client has been up a while; the chart shows the worst send of each second instead: the largest
 * of the relay's per-second send maximum (SENDS facts), the last send latency of every frame in
 * which frames went out, and the age of the oldest frame still queued — a stalled client sends
 * nothing, but its queue's wait is a floor under the latency its next send will have.
 */
final class ClientWindow {
  private long framesSent = -1;
  private double sendWorst = Double.NaN;
  private double queueWorst = Double.NaN;
  private ClientStats latest;

  /** One frame's figures for this client. */
  void observe(ClientStats s) {
    if (s.framesSent() > framesSent && s.sendLatency().count() > 0) sendWorst = max(sendWorst, s.sendLatency().lastMs());
    framesSent = s.framesSent();
    if (s.queueFrames() > 0) sendWorst = max(sendWorst, s.oldestQueuedAgeMs());
    queueWorst = max(queueWorst, s.queueBytes());
    latest = s;
  }

  /** The relay's own maximum send latency over its last second (a SENDS fact). */
  void observeSends(double maxLatencyMs) {
    sendWorst = max(sendWorst, maxLatencyMs);
  }

  /** The second's values (NaN: nothing to plot) and a fresh window. */
  Map<ClientMetric, Double> take(long nowMillis) {
    var out = new EnumMap<ClientMetric, Double>(ClientMetric.class);
    out.put(ClientMetric.SEND_LATENCY, sendWorst);
    out.put(ClientMetric.QUEUE_BYTES, queueWorst);
    if (latest != null) {
      double pongAge = latest.lastPongAgeMs() >= 0 ? latest.lastPongAgeMs() : nowMillis - latest.connectedAtMillis();
      out.put(ClientMetric.PONG_AGE, Math.max(0, pongAge));
      out.put(ClientMetric.PING_RTT, latest.pingRtt().count() > 0 ? latest.pingRtt().lastMs() : Double.NaN);
    }
    sendWorst = Double.NaN;
    queueWorst = Double.NaN;
    return out;
  }

  private static double max(double a, double b) {
    return Double.isNaN(a) ? b : Math.max(a, b);
  }
}
