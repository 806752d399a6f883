package io.relayscope.relay;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import io.relayscope.metrics.ClientState;
import java.util.LinkedHashMap;

/**
 * Whether one client is slow, on the monitor thread: its deadline, the evidence of reading, its
 * episode and the facts that mark the episode's changes. Apart from the session because it only
 * reads the session's queue and writes nothing of its write path; the session keeps the state it
 * decides, since closing writes that state too.
 */
final class ClientAssessment {
  /** {@code EVICT_RELAY_BEHIND}: past the deadline, but the client had read everything: the relay fell behind, not it. */
  enum Verdict {
    NONE, FLAGGED, RECOVERED, EVICT, EVICT_RELAY_BEHIND;

    boolean evicts() {
      return this == EVICT || this == EVICT_RELAY_BEHIND;
    }
  }

  /** Bytes the socket took this long ago and not yet seen read keep a frame past its deadline the client's. */
  static final long CLEARED_AFTER_NANOS = 1_000_000_000L;

  private final ClientSession session;
  private final RelayConfig config;
  private final Journal journal;
  private final RelayTime time;
  private final ReadingWatch reading;
  private final ClientEpisode episode = new ClientEpisode(); // monitor thread
  private long episodeStartMillis; // monitor thread
  private volatile String health = "";

  ClientAssessment(ClientSession session, RelayConfig config, Journal journal, RelayTime time, ReadingWatch reading) {
    this.session = session;
    this.config = config;
    this.journal = journal;
    this.time = time;
    this.reading = reading;
  }

  /** Why the client is flagged, for the table; empty while it is healthy. */
  String health() {
    return health;
  }

  /**
   * Re-evaluates health (monitor thread): the deadline, then the evidence of reading — the kernel's
   * view where the connection is in it, else the socket's progress and probe pongs — then the soft
   * marks, each aged from no earlier than {@code pauseEnd} (the end of the relay's last pause: what
   * the relay did not do while it was held up is not the client's fault). The episode decides what
   * of it is a change.
   */
  Verdict assess(long now, long pauseEnd) {
    ClientState s = session.state();
    if (s == ClientState.CLOSING || s == ClientState.CLOSED) return Verdict.NONE;
    long oldest = session.oldestEnqueuedNanos();
    long age = oldest == 0 ? 0 : now - Math.max(oldest, pauseEnd);
    if (age > config.sendTimeout().toNanos()) {
      boolean relayBehind = readEverything(now, pauseEnd);
      // Evicted either way: the deadline is what bounds every queue's age and, with a thousand clients
      // behind an overloaded relay, the heap. Whose fault it was goes on the record.
      if (config.slowClientPolicy() == SlowClientPolicy.EVICT) return relayBehind ? Verdict.EVICT_RELAY_BEHIND : Verdict.EVICT;
      if (!relayBehind) {
        return observe(new ReadingWatch.Evidence(ClientState.NOT_READING, Math.max(oldest, pauseEnd),
            String.format("frame unwritten for %.1f s, past the send timeout", age / 1e9)), now);
      }
    }
    return observe(evidence(now, pauseEnd, oldest, age), now);
  }

  /**
   * Whether the evidence clears the client of a frame past its deadline (or of a queue over its cap):
   * nothing says it stopped (the
   * kernel's last sample found no byte unread for long, or no probe pong is overdue) and everything its
   * socket took {@link #CLEARED_AFTER_NANOS} ago and more is confirmed read. Then the frame waited on
   * the relay, not on the client: an overloaded relay that fell behind must not call the readers that
   * kept up slow. Not the sampler's own 300 ms: bytes just past it wait for the next sample (up to
   * 150 ms), and a healthy reader must not be blamed in that gap.
   */
  boolean readEverything(long now, long pauseEnd) {
    if (reading.dataUnconfirmed(now, session.dataBytesSent(), CLEARED_AFTER_NANOS)) return false;
    ReadingWatch.Evidence stopped = reading.kernelVisible() ? reading.kernelEvidence(pauseEnd) : reading.pongEvidence(now, pauseEnd);
    return stopped.state() == ClientState.OPEN;
  }

  private ReadingWatch.Evidence evidence(long now, long pauseEnd, long oldest, long age) {
    long soft = config.softAgeNanos();
    if (reading.kernelVisible()) {
      // The kernel decides: a backlog of ours with nothing unread in the kernel is the relay's, not the client's.
      ReadingWatch.Evidence kernel = reading.kernelEvidence(pauseEnd);
      if (kernel.state() != ClientState.OPEN) return kernel;
      // Our queue is old and the client has not read what it was given: it reads, but slower than the stream.
      if (age > soft && reading.unreadNoticed(pauseEnd)) {
        return new ReadingWatch.Evidence(ClientState.LAGGING, Math.max(oldest, pauseEnd),
            String.format("oldest queued frame %.1f s old", age / 1e9));
      }
    } else {
      long progressFrom = Math.max(session.lastProgressNanos(), pauseEnd);
      long still = now - progressFrom;
      if (session.queuedFrames() > 0 && still > soft && age > soft) {
        return new ReadingWatch.Evidence(ClientState.NOT_READING, progressFrom,
            String.format("its socket took no bytes for %.1f s", still / 1e9));
      }
      ReadingWatch.Evidence pong = reading.pongEvidence(now, pauseEnd);
      if (pong.state() != ClientState.OPEN) return pong;
      if (age > soft) {
        return new ReadingWatch.Evidence(ClientState.LAGGING, Math.max(oldest, pauseEnd),
            String.format("oldest queued frame %.1f s old", age / 1e9));
      }
    }
    if (session.queuedBytes() > config.softQueueBytes()) {
      return new ReadingWatch.Evidence(ClientState.LAGGING, now, String.format("%,d bytes queued", session.queuedBytes()));
    }
    return ReadingWatch.Evidence.NONE;
  }

  /**
   * Flagged while the evidence has gone quiet — most often because a pause of the relay's own restarted
   * its ages: the bytes still unread stay on show, so the operator's figures never vanish mid-episode.
   */
  private String stillFlagged() {
    long unread = reading.unreadBytes();
    String until = "flagged until it has consumed again and stayed healthy for 1 s";
    return unread > 0 ? String.format("%,d bytes unread; %s", unread, until) : until;
  }

  private Verdict observe(ReadingWatch.Evidence seen, long now) {
    ClientEpisode.Change change = episode.observe(seen.state(), seen.sinceNanos(), reading.progress(), now);
    ClientState next = episode.state();
    // What the table shows: the evidence while flagged; why it still counts until it has recovered.
    health = next == ClientState.OPEN ? "" : seen.state() != ClientState.OPEN ? seen.why() : stillFlagged();
    if (change == null) return Verdict.NONE;
    session.episodeState(next);
    long nowMillis = time.millis();
    // One wall-clock start per episode: every fact of it names the same millisecond.
    if (change.from() == ClientState.OPEN) episodeStartMillis = nowMillis - (now - change.startNanos()) / 1_000_000;
    long startMillis = episodeStartMillis;
    var fields = new LinkedHashMap<String, Object>();
    fields.put("from", change.from().name());
    fields.put("since_ms", startMillis); // the episode's start: its evidence's time
    fields.put("queue_bytes", session.queuedBytes());
    fields.put("queue_frames", session.queuedFrames());
    fields.put("oldest_ms", session.oldestAgeNanos(now) / 1e6);
    fields.put("unread_bytes", reading.unreadBytes());
    fields.put("why", next == ClientState.OPEN ? "consumed again and healthy for "
        + ClientEpisode.RECOVERY_DWELL_NANOS / 1_000_000_000 + " s" : seen.why());
    if (next == ClientState.OPEN) fields.put("episode_ms", nowMillis - startMillis);
    FactKind kind = switch (next) {
      case LAGGING -> FactKind.CLIENT_LAGGING;
      case NOT_READING -> FactKind.CLIENT_NOT_READING;
      default -> FactKind.CLIENT_RECOVERED;
    };
    journal.append(kind, session.id(), fields);
    return next == ClientState.OPEN ? Verdict.RECOVERED : Verdict.FLAGGED;
  }
}
