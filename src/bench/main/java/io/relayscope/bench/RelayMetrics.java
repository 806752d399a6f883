package io.relayscope.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One scrape of a Relayscope's Prometheus {@code /metrics}, found from its WebSocket URL. Read after
 * the traffic, never during: polling it during a run cost the relay enough to show in the healthy
 * clients' p99.
 */
final class RelayMetrics {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String body;

  private RelayMetrics(String body) {
    this.body = body;
  }

  /** The relay's metrics now; null if it did not answer. */
  static RelayMetrics scrape(String wsUrl) {
    try {
      String base = wsUrl.replace("ws://", "http://").replace("/ws/events", "");
      return new RelayMetrics(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The value of the unlabelled series {@code name}; -1 if there is none. */
  double gauge(String name) {
    for (String line : body.split("\n")) {
      if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1).trim());
    }
    return -1;
  }

  /**
   * Seconds from {@code t0Millis} to the last of {@code stalled} evictions, by the relay's own clock
   * (waiting up to 10 s for them); -1 if they did not all happen.
   */
  static double evictionSeconds(String wsUrl, int stalled, long t0Millis) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    do {
      RelayMetrics m = scrape(wsUrl);
      if (m != null && m.gauge("relayscope_clients_evicted_total") >= stalled) {
        return (m.gauge("relayscope_last_eviction_timestamp_seconds") * 1000 - t0Millis) / 1000.0;
      }
      LockSupport.parkNanos(100_000_000);
    } while (System.nanoTime() < deadline);
    return -1;
  }
}
