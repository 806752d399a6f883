package io.relayscope.support;

import static org.awaitility.Awaitility.await;

import io.relayscope.journal.JournalFact;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A scripted incident on a real relay whose truth the test knows (the method of
 * IncidentGroundTruthTest): time is the test's, in 50 ms steps, and within a step every reading
 * client has read everything before time moves on. One client stops at a step the seed picks and
 * reads again later, or never (then the relay evicts it, 4008, or keepalive closes it, 4009); two
 * healthy clients read throughout; on some seeds the relay itself pauses 0.8 s before the stall.
 * The truth of the episode's start is the write time of the first frame the stopped client did not
 * read, read back from its socket afterwards.
 */
public final class ScriptedIncident {
  private static final Duration STEP = Duration.ofMillis(50);
  private static final long STEP_NANOS = STEP.toNanos();

  /** What really happened: the stopped client, when it fell behind and read again, how it ended. */
  public record Truth(String client, List<String> healthy, long startMillis, long resumedMillis, String outcome, int closeCode,
      boolean relayPaused, long endOfScriptMillis) {
    public boolean resumed() {
      return resumedMillis >= 0;
    }
  }

  /**
   * The journal's facts and the truth; {@code notReadingAfterSeconds}: from the first frame it did not
   * read to the first snapshot that showed it NOT READING, on the stepped clock (-1: never).
   */
  public record Result(List<JournalFact> facts, Truth truth, String story, double notReadingAfterSeconds) {}

  private ScriptedIncident() {}

  /** Seeds: even 200 events/s of 3 KB, odd 3 events/s of 200 B; a multiple of 4 never resumes; of 3, a relay pause. */
  public static Result run(int seed) throws Exception {
    var rnd = new Random(seed);
    boolean fast = seed % 2 == 0;
    int perSecond = fast ? 200 : 3;
    int size = fast ? 3000 : 200;
    int stopStep = 20 + rnd.nextInt(20);
    boolean resumes = seed % 4 != 0;
    int resumeStep = stopStep + 30 + rnd.nextInt(30);
    int pauseStep = seed % 3 == 0 ? 8 + rnd.nextInt(8) : -1;
    int steps = resumes ? resumeStep + 60 : stopStep + (fast ? 200 : 440); // keepalive: 15 s of silence, pings 5 s apart

    var time = new ManualTime();
    try (var relay = TestRelay.start(time, r -> r.withKeepalive(Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(15)));
        var sender = relay.sender()) {
      var scripted = RawWsClient.connect(relay.core.port());
      var script = new Script(scripted);
      script.readUntil(0);
      await().until(() -> relay.core.snapshot().clients().size() == 1);
      String scriptedId = relay.core.snapshot().clients().get(0).id();
      var healthy = List.of(RecordingClient.connect(relay.wsUrl()), RecordingClient.connect(relay.wsUrl()));
      await().until(() -> relay.core.snapshot().clients().size() == 3);
      var healthyIds = relay.core.snapshot().clients().stream().map(c -> c.id()).filter(id -> !id.equals(scriptedId)).toList();

      int sent = 0;
      long[] sentAt = new long[steps * perSecond + 1];
      int firstUnread = -1;
      long resumedAt = -1;
      long notReadingAt = -1;
      long bytesAtStop = 0;
      for (int step = 0; step < steps; step++) {
        long now = time.nanos();
        if (step == stopStep) {
          firstUnread = sent;
          script.stopped = true;
        }
        if (step == resumeStep && resumes) resumedAt = now;
        int due = (int) ((long) (step + 1) * perSecond * STEP_NANOS / 1_000_000_000L);
        for (; sent < due; sent++) {
          sentAt[sent] = now;
          sender.send(EventSender.numbered(sent, size));
        }
        int total = sent;
        for (var h : healthy) await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> h.eventTexts().size() == total);
        if (step < stopStep || (resumes && step >= resumeStep)) script.readUntil(total);
        else if (step == stopStep) bytesAtStop = bytesSent(relay, scriptedId);
        // Stopped, it reads nothing, so nothing above waited for the relay to hand it this step's
        // frames: on a busy machine the selector did so steps later, and the relay (rightly) dated
        // them by then (+200 ms, CI). While its socket surely has room, wait for them here.
        boolean room = step < stopStep || bytesSent(relay, scriptedId) - bytesAtStop < SURE_ROOM_BYTES;
        if (room) awaitHanded(relay, scriptedId);
        long pingsBefore = pingsSent(relay, scriptedId);
        long bytesBefore = bytesSent(relay, scriptedId);
        if (step == pauseStep) time.jump(Duration.ofMillis(800));
        else time.advance(STEP);
        var c = relay.core.snapshot().client(scriptedId);
        if (c.isEmpty()) break; // closed by the relay
        // A keepalive ping falls due at the step's end: the same for it before time moves again.
        long pings = c.get().pingsSent() - pingsBefore;
        if (room && pings > 0) awaitBytes(relay, scriptedId, bytesBefore + pings * PING_FRAME_BYTES);
        if (notReadingAt < 0 && c.get().state() == io.relayscope.metrics.ClientState.NOT_READING) notReadingAt = time.nanos();
      }
      long truth = script.firstUnreadWrittenAt(firstUnread, sentAt);
      var closed = relay.core.snapshot().recentlyClosed().stream().filter(c -> c.id().equals(scriptedId)).findFirst();
      int code = closed.map(c -> c.closeCode()).orElse(-1);
      String outcome = resumes ? "recovered" : code == 4008 ? "evicted" : code == 4009 ? "closed by keepalive" : "open";
      var facts = relay.core.journal().recent(1_000_000, f -> true);
      for (var h : healthy) h.close();
      scripted.close();
      String story = "seed " + seed + (fast ? " 200/s x 3 KB" : " 3/s x 200 B") + ", stop at step " + stopStep
          + (resumes ? ", resume at step " + resumeStep : ", never resumes") + (pauseStep >= 0 ? ", relay pause at step " + pauseStep : "");
      return new Result(facts, new Truth(scriptedId, healthyIds, millisAt(time, truth), resumes ? millisAt(time, resumedAt) : -1,
          outcome, resumes ? -1 : code, pauseStep >= 0, time.millis()), story, notReadingAt < 0 ? -1 : (notReadingAt - truth) / 1e9);
    }
  }

  /** Bytes the relay may send a client that reads nothing and still be sure its socket takes them. */
  private static final long SURE_ROOM_BYTES = 64 * 1024;
  /** A keepalive ping as sent: 2 header bytes and 8 of payload. */
  private static final long PING_FRAME_BYTES = 10;

  private static long bytesSent(TestRelay relay, String id) {
    return relay.core.snapshot().client(id).map(c -> c.bytesSent()).orElse(0L);
  }

  private static long pingsSent(TestRelay relay, String id) {
    return relay.core.snapshot().client(id).map(c -> c.pingsSent()).orElse(0L);
  }

  /** Until the relay has handed {@code id}'s socket every frame it queued for it (or closed it). */
  private static void awaitHanded(TestRelay relay, String id) {
    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
        .until(() -> relay.core.snapshot().client(id).map(c -> c.queueFrames() == 0).orElse(true));
  }

  /** Until {@code id}'s socket has taken {@code bytes} in all (or it closed). */
  private static void awaitBytes(TestRelay relay, String id, long bytes) {
    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
        .until(() -> relay.core.snapshot().client(id).map(c -> c.bytesSent() >= bytes).orElse(true));
  }

  private static long millisAt(ManualTime time, long nanos) {
    return time.millis() - (time.nanos() - nanos) / 1_000_000;
  }

  /** The scripted client: reads, and answers pings, only when the test tells it to. */
  private static final class Script {
    final RawWsClient client;
    int events;
    boolean stopped;
    final List<Long> pingsAfterStop = new ArrayList<>();

    Script(RawWsClient client) {
      this.client = client;
    }

    void readUntil(int total) throws Exception {
      while (events < total || client.hasData()) {
        RawWsClient.Frame f = client.read();
        if (f == null) return;
        if (f.opcode() == RawWsClient.PING) {
          client.send(RawWsClient.PONG, true, f.payload());
          if (stopped && f.payload().length == 8) pingsAfterStop.add(ByteBuffer.wrap(f.payload()).getLong());
        }
        if (f.opcode() == RawWsClient.TEXT && f.text().contains("\"machine_name\":\"bench\"")) events++;
      }
    }

    /** The write time of the first frame it did not read when it should have: event {@code firstUnread}'s, or a ping's. */
    long firstUnreadWrittenAt(int firstUnread, long[] sentAt) throws Exception {
      client.setReadTimeout(2000);
      for (RawWsClient.Frame f = client.readOrTimeout(); f != null; f = client.readOrTimeout()) {
        if (f.opcode() == RawWsClient.PING && f.payload().length == 8) pingsAfterStop.add(ByteBuffer.wrap(f.payload()).getLong());
      }
      long first = sentAt[firstUnread];
      for (long p : pingsAfterStop) first = Math.min(first, p);
      return first;
    }
  }
}
