package io.relayscope.journal;

/** What a journal fact records. */
public enum FactKind {
  RELAY_STARTED,
  RELAY_STOPPED,
  /**
   * The relay's own threads were held up (a monitor tick came late: GC, a starved host); {@code paused_ms},
   * {@code since_ms}. No client is flagged for what it could not be sent or answered meanwhile.
   */
  RELAY_PAUSED,
  INGEST_BOUND,
  INGEST_WARNING,
  STREAM_CONNECTED,
  STREAM_DISCONNECTED,
  EVENT_RECEIVED,
  INPUT_REJECTED,
  CLIENT_CONNECTED,
  CLIENT_REFUSED,
  CLIENT_RESUMED,
  /** Turned LAGGING (the console's word). Older journals call it {@code CLIENT_SLOW}. */
  CLIENT_LAGGING,
  /** Turned NOT READING. Older journals call it {@code CLIENT_STALLED}. */
  CLIENT_NOT_READING,
  /** Back to OPEN. */
  CLIENT_RECOVERED,
  CLIENT_EVICTED,
  CLIENT_CLOSED,
  DISCONNECT_REQUESTED,
  SENDS,
  SLOW_SEND,
  PING_SENT,
  PONG_RECEIVED,
  PONG_MISSED,
  MACHINE_EVICTED,
  /** A relay thread caught a fatal error (subject: the thread) and carried on; {@code error}, {@code failures}. */
  THREAD_FAILED,
  /** The journal's disk copy paused (disk full…) or resumed; {@code error}, {@code lost}. */
  JOURNAL_PAUSED,
  JOURNAL_RESUMED,
  /** The link to NATS ({@code --nats}) went down (jnats reconnects); {@code server}, {@code error}. */
  NATS_DISCONNECTED,
  /** The link to NATS is back; {@code server}, {@code buffered} events waiting to be published. */
  NATS_RECONNECTED,
  /** Events or facts that never reached NATS, per second in aggregate; {@code what}, {@code count}, {@code reason}. */
  NATS_LOST,
  /**
   * Events from the stream dropped because their {@code Relayscope-Node} header named another node
   * than their subject (a node posing as another), per second in aggregate; {@code count},
   * {@code last} (the last one's subject and the node it claimed).
   */
  NATS_FORGED,
  /** The events or facts stream was missing: {@code stream}, {@code recreated} (true/false), {@code error}. */
  NATS_STREAM_MISSING
;

  /**
   * The kind a journal line names. Old names map to today's kinds, so journals, JSON exports and
   * fleet batches written before the rename still read; facts are only ever written with today's.
   */
  public static FactKind parse(String name) {
    return switch (name) {
      case "CLIENT_SLOW" -> CLIENT_LAGGING;
      case "CLIENT_STALLED" -> CLIENT_NOT_READING;
      default -> valueOf(name);
    };
  }
}
