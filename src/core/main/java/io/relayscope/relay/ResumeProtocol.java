package io.relayscope.relay;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The resume protocol (clients that join with {@code ?since=}): the {@code relay_seq} markers that
 * follow each event, and on joining either the events a client missed, or {@code resume_gap} and a
 * fresh {@code initial} when they cannot be replayed. Apart from the hub so the protocol's messages
 * read in one place. Hub thread only.
 */
final class ResumeProtocol {
  // Markers carry it: a position from another run of the relay (before a restart) is never replayed.
  // The journal's run id, so a client's marker and the journal's facts name the same run.
  private final String runId;
  private final ReplayStore replay;
  private final InitialCache initial;
  private final FrameEncoder encoder;
  private final RelayConfig config;
  private final Journal journal;
  private final RelayTime time;
  private final ClientSession.OverCapHandler overCap;

  /** {@code encoder}: the hub's own (encoders are per thread). */
  ResumeProtocol(String runId, ReplayStore replay, InitialCache initial, FrameEncoder encoder, RelayConfig config,
      Journal journal, RelayTime time, ClientSession.OverCapHandler overCap) {
    this.runId = runId;
    this.replay = replay;
    this.initial = initial;
    this.encoder = encoder;
    this.config = config;
    this.journal = journal;
    this.time = time;
    this.overCap = overCap;
  }

  /**
   * A client that asked for sequence numbers, joining after event {@code lastSeq}: it gets what it
   * missed if this run's store still holds all of it and it fits the client's queue; otherwise
   * {@code resume_gap} and a fresh {@code initial}. Every marker follows what it numbers: "you have
   * everything up to seq".
   */
  void resume(ClientSession session, ResumeRequest r, long lastSeq) {
    if (r.error() != null) {
      session.enqueue(control("{\"type\":\"error\",\"error\":" + jsonString(r.error()) + "}"), overCap);
      sendSnapshot(session, lastSeq);
      journal.append(FactKind.CLIENT_RESUMED, session.id(), Map.of("error", r.error(), "replayed", 0, "gap", true));
      return;
    }
    if (!r.hasPosition()) {
      sendSnapshot(session, lastSeq);
      return;
    }
    long since = r.since();
    long first = replay.firstSeq(lastSeq);
    String gap = null;
    if (!runId.equals(r.run())) {
      gap = r.run() == null ? "no run given (resume with ?since=N&run=RUN from the last relay_seq marker)"
          : "run " + r.run() + " is not this relay's run (it restarted)";
    } else if (since > lastSeq) {
      gap = "since " + since + " is ahead of the relay (last seq " + lastSeq + ")";
    } else if (since < lastSeq && first > since + 1) {
      gap = "events " + (since + 1) + ".." + (first - 1) + " are no longer held (--resume-events, --resume-bytes)";
    } else {
      long bytes = 0;
      int n = 0;
      for (ReplayStore.Kept e : replay.all()) {
        if (e.seq() <= since) continue;
        bytes += e.eventFrame().remaining() + markerSize(e.seq());
        n++;
      }
      if (bytes > config.replayBytesAllowed() || 2L * n > config.clientQueueFrames() / 2) {
        gap = "replay of " + n + " events (" + bytes + " bytes) is over what the client's queue allows ("
            + config.replayBytesAllowed() + " bytes)";
      } else {
        session.startedAtSeq(since);
        for (ReplayStore.Kept e : replay.all()) {
          if (e.seq() <= since) continue;
          session.enqueue(new OutboundFrame(e.eventFrame(), e.seq(), time.nanos()), overCap);
          session.enqueue(new OutboundFrame(seqFrame(e.seq()), -1, time.nanos()), overCap);
        }
        journal.append(FactKind.CLIENT_RESUMED, session.id(), Map.of("since", since, "replayed", n, "gap", false));
        return;
      }
    }
    session.enqueue(control("{\"type\":\"resume_gap\",\"since\":" + since + ",\"run\":"
        + (r.run() == null ? "null" : jsonString(r.run())) + ",\"first_available\":" + first + ",\"last_seq\":"
        + lastSeq + ",\"reason\":" + jsonString(gap) + "}"), overCap);
    sendSnapshot(session, lastSeq);
    journal.append(FactKind.CLIENT_RESUMED, session.id(), Map.of("since", since, "replayed", 0, "gap", true,
        "first_available", first, "reason", gap));
  }

  /** The marker frame that follows event {@code seq}: "you have everything up to seq". */
  ByteBuffer seqFrame(long seq) {
    return encoder.text(marker(seq));
  }

  /** A fresh {@code initial}, then the marker saying which event it reflects. */
  private void sendSnapshot(ClientSession session, long lastSeq) {
    session.startedAtSeq(lastSeq);
    session.enqueue(initial.next(), overCap);
    session.enqueue(control("{\"type\":\"relay_seq\",\"seq\":" + lastSeq + ",\"run\":\"" + runId
        + "\",\"snapshot\":true}"), overCap);
  }

  private byte[] marker(long seq) {
    return ("{\"type\":\"relay_seq\",\"seq\":" + seq + ",\"run\":\"" + runId + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** The frame size of {@code seq}'s marker, without encoding it. */
  private int markerSize(long seq) {
    return marker(seq).length + 2;
  }

  private OutboundFrame control(String json) {
    return new OutboundFrame(encoder.text(json.getBytes(StandardCharsets.UTF_8)), -1, time.nanos());
  }

  /** {@code s} as a JSON string literal (Jackson's escaping, as HttpEndpoints uses). */
  private static String jsonString(String s) {
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
  }
}
