package io.relayscope.metrics;

/**
 * The relay's link to NATS ({@code --nats}), as /health, /metrics and the status line show it.
 * {@code status}: disabled, connected, disconnected (jnats is reconnecting) or closed. Events
 * waiting (queued, or published and not yet acknowledged) are {@code bufferedEvents}/{@code bufferedBytes};
 * {@code lost} counts events that were never stored (buffer full, or publish failed for good).
 * With {@code --nats-source}: {@code sourceLagEvents}/{@code sourceLagSeconds}, how far behind the
 * stream the source is; {@code sourceForged}, events dropped because their {@code Relayscope-Node}
 * header named another node than their subject. {@code controlTooLarge}: control requests refused
 * unparsed because they were over the size bound (a flood of them is an attack or a broken console). {@code problem}: why the node cannot do its job
 * (e.g. the events stream is gone and cannot be made again), null when it can: /health is then 503.
 */
public record NatsHealth(
    String status,
    String server,
    long published,
    long bufferedEvents,
    long bufferedBytes,
    long lost,
    long retried,
    long disconnects,
    long reconnects,
    long factsPublished,
    long factsLost,
    long sourced,
    String lastError,
    long sourceLagEvents,
    double sourceLagSeconds,
    long sourceForged,
    long controlTooLarge,
    String problem) {
  public static final NatsHealth DISABLED = new NatsHealth("disabled", "", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, 0, 0, 0, 0, null);

  public boolean enabled() {
    return !"disabled".equals(status);
  }
}
