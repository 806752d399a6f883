package io.relayscope.relay;

import io.relayscope.event.EngineEvent;
import io.relayscope.event.EventParser;
import io.relayscope.event.EventSummary;
import io.relayscope.event.InputSink;
import io.relayscope.event.ParseOutcome;
import io.relayscope.event.RawInput;
import io.relayscope.event.RejectReason;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import io.relayscope.machines.MachineRegistry;
import io.relayscope.metrics.CumulativeRecorder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread between ingest and the clients. It validates each input, numbers accepted events
 * (the relay sequence), updates the machine model, journals, and fans the event out by
 * <em>enqueueing</em> one shared frame per client. It never waits on a socket.
 *
 * <p>Joins and refreshes run on this thread too, so a new client's {@code initial} is built at an
 * exact point in the stream: every later event follows it, none is lost or overtakes it.
 */
public final class EventHub implements InputSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventHub.class);
  private static final int BATCH = 256;
  private static final long SHORT_PARK_NANOS = 50_000;
  private static final long SHORT_PARK_WINDOW_NANOS = 5_000_000;

  // Lock-free hand-off from the ingest threads, bounded by a counter: ingest never waits on the hub.
  private final ConcurrentLinkedQueue<RawInput> inputs = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final int capacity;
  private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private final EventParser parser;
  private final MachineRegistry machines;
  private final Journal journal;
  private final FrameEncoder encoder = new FrameEncoder();
  private final ArrayList<ClientSession> sessions = new ArrayList<>();
  // The last events, for clients that reconnect with ?since=; hub thread only.
  private final java.util.ArrayDeque<Replay> replay = new java.util.ArrayDeque<>();
  private final int resumeCapacity;
  private final ClientSession.OverCapHandler overCap;
  private final CumulativeRecorder fanOutTime = new CumulativeRecorder();
  private final AtomicLongArray rejected = new AtomicLongArray(RejectReason.values().length);
  private final Thread thread;
  private RelayThreads threads;
  private RelayThreads.Heartbeat beat;
  private volatile boolean sleeping;
  private volatile boolean running = true;

  // Written by the hub thread only.
  private volatile long lastSeq;
  private volatile long eventsIn;
  private volatile long lastEventMillis;

  public EventHub(int capacity, EventParser parser, MachineRegistry machines, Journal journal,
      ClientSession.OverCapHandler overCap, int resumeCapacity) {
    this.resumeCapacity = resumeCapacity;
    this.capacity = capacity;
    this.parser = parser;
    this.machines = machines;
    this.journal = journal;
    this.overCap = overCap;
    this.thread = new Thread(this::run, "relay-hub");
    this.thread.setDaemon(true);
  }

  /** Who hears of failures on the hub thread, and its heartbeat; before {@link #start()}. */
  void supervise(RelayThreads threads) {
    this.threads = threads;
    // The hub parks at most 50 ms between rounds, so 5 s without a round means it is stuck.
    this.beat = threads.heartbeat("relay-hub", 5000);
  }

  public void start() {
    thread.start();
  }

  @Override
  public boolean offer(RawInput input) {
    if (pending.incrementAndGet() > capacity) {
      pending.decrementAndGet();
      return false;
    }
    inputs.offer(input);
    if (sleeping) LockSupport.unpark(thread);
    return true;
  }

  /** Runs {@code command} on the hub thread, in order with the event stream. */
  void submit(Runnable command) {
    commands.offer(command);
    if (sleeping) LockSupport.unpark(thread);
  }

  /** Adds a client: its {@code initial} goes first, then every event after this point. */
  void join(ClientSession session) {
    submit(() -> {
      Long since = session.resumeSince();
      if (since == null) {
        session.startedAtSeq(lastSeq);
        sendInitial(session);
      } else if (since < 0) {
        session.startedAtSeq(lastSeq);
        sendSnapshot(session);
      } else if (since <= lastSeq && (since == lastSeq || (!replay.isEmpty() && replay.peekFirst().seq() <= since + 1))) {
        session.startedAtSeq(since);
        int n = 0;
        for (Replay r : replay) {
          if (r.seq() <= since) continue;
          session.enqueue(new OutboundFrame(seqFrame(r.seq()), -1, System.nanoTime()), overCap);
          session.enqueue(new OutboundFrame(r.eventFrame(), r.seq(), System.nanoTime()), overCap);
          n++;
        }
        journal.append(FactKind.CLIENT_RESUMED, session.id(), Map.of("since", since, "replayed", n, "gap", false));
      } else {
        // The ring no longer has what it missed (or the relay restarted): say so, then start afresh.
        long first = replay.isEmpty() ? lastSeq + 1 : replay.peekFirst().seq();
        session.enqueue(new OutboundFrame(encoder.text(("{\"type\":\"resume_gap\",\"since\":" + since
            + ",\"first_available\":" + first + ",\"last_seq\":" + lastSeq + "}").getBytes(StandardCharsets.UTF_8)),
            -1, System.nanoTime()), overCap);
        session.startedAtSeq(lastSeq);
        sendSnapshot(session);
        journal.append(FactKind.CLIENT_RESUMED, session.id(), Map.of("since", since, "replayed", 0, "gap", true,
            "first_available", first));
      }
      sessions.add(session);
    });
  }

  /** For clients that asked for sequence numbers: which event the {@code initial} that follows reflects. */
  private void sendSnapshot(ClientSession session) {
    byte[] marker = ("{\"type\":\"relay_seq\",\"seq\":" + lastSeq + ",\"snapshot\":true}").getBytes(StandardCharsets.UTF_8);
    session.enqueue(new OutboundFrame(encoder.text(marker), -1, System.nanoTime()), overCap);
    sendInitial(session);
  }

  /**
   * One event as kept for replay: its number and its frame, encoded once. Its sequence marker is
   * encoded only when a resuming client needs it: most events are never replayed.
   */
  private record Replay(long seq, ByteBuffer eventFrame) {}

  private ByteBuffer seqFrame(long seq) {
    return encoder.text(("{\"type\":\"relay_seq\",\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8));
  }

  void refresh(ClientSession session) {
    submit(() -> sendInitial(session));
  }

  private void sendInitial(ClientSession session) {
    ByteBuffer frame = encoder.text(machines.initialBytes());
    session.enqueue(new OutboundFrame(frame, -1, System.nanoTime()), overCap);
  }

  private void run() {
    while (running) {
      try {
        loop();
      } catch (Throwable t) {
        // Anything, even an Error: journal it and carry on with the next input or command.
        if (threads != null) threads.failed("relay-hub", t);
        else log.error("hub failed", t);
        LockSupport.parkNanos(1_000_000); // a fault that repeats must not spin a core (health reports it)
      }
    }
  }

  private void loop() {
    long idleSince = 0;
    while (running) {
      if (beat != null) beat.beat();
      boolean didWork = false;
      Runnable c;
      while ((c = commands.poll()) != null) {
        runSafely(c);
        didWork = true;
      }
      for (int i = 0; i < BATCH; i++) {
        RawInput in = inputs.poll();
        if (in == null) break;
        pending.decrementAndGet();
        process(in);
        didWork = true;
      }
      if (didWork) {
        idleSince = 0;
        continue;
      }
      long now = System.nanoTime();
      if (idleSince == 0) idleSince = now;
      if (now - idleSince < SHORT_PARK_WINDOW_NANOS) {
        // While traffic flows, nap briefly without asking to be woken: the ingest thread then
        // never pays for an unpark system call, and each wake-up drains a batch.
        LockSupport.parkNanos(SHORT_PARK_NANOS);
      } else {
        sleeping = true;
        if (inputs.isEmpty() && commands.isEmpty() && running) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        sleeping = false;
      }
    }
  }

  private void runSafely(Runnable c) {
    try {
      c.run();
    } catch (Throwable t) {
      if (threads != null) threads.failed("relay-hub", t);
      else log.error("hub command failed", t);
    }
  }

  private void process(RawInput in) {
    ParseOutcome outcome;
    try {
      outcome = parser.parse(in, lastSeq + 1);
    } catch (RuntimeException e) {
      outcome = new ParseOutcome.Rejected(in, RejectReason.NOT_JSON, e.toString(), EventParser.preview(in.bytes()));
    }
    if (outcome instanceof ParseOutcome.Rejected r) {
      reject(r);
      return;
    }
    EngineEvent event = ((ParseOutcome.Accepted) outcome).event();
    lastSeq = event.seq();
    eventsIn++;
    lastEventMillis = event.receivedAtMillis();
    try {
      machines.apply(event);
    } catch (RuntimeException e) {
      log.warn("machine model could not apply event {}: {}", event.seq(), e.toString());
    }
    String summary = EventSummary.of(event);
    Map<String, Object> fields = event.machineName() == null
        ? Map.of("seq", event.seq(), "type", event.type(), "bytes", event.raw().length, "source", event.source(),
            "summary", summary)
        : Map.of("seq", event.seq(), "type", event.type(), "bytes", event.raw().length, "source", event.source(),
            "summary", summary, "machine", event.machineName());
    journal.append(FactKind.EVENT_RECEIVED, event.machineName() == null ? event.source() : event.machineName(), fields);
    fanOut(event);
  }

  private void fanOut(EngineEvent event) {
    long start = System.nanoTime();
    ByteBuffer frame = encoder.text(event.raw());
    ByteBuffer seqFrame = null;
    if (resumeCapacity > 0) {
      replay.addLast(new Replay(event.seq(), frame));
      if (replay.size() > resumeCapacity) replay.removeFirst();
    }
    for (int i = sessions.size() - 1; i >= 0; i--) {
      ClientSession s = sessions.get(i);
      if (!s.isAccepting()) {
        // Closed or evicted: drop it here, on the only thread that owns this list.
        sessions.set(i, sessions.get(sessions.size() - 1));
        sessions.remove(sessions.size() - 1);
        continue;
      }
      if (s.resumeSince() != null) {
        // Opted in (?since=): a marker with the relay sequence number precedes the unchanged event.
        if (seqFrame == null) seqFrame = seqFrame(event.seq());
        s.enqueue(new OutboundFrame(seqFrame, -1, start), overCap);
      }
      // One clock reading for the whole fan-out: a client's send latency counts from the moment
      // the event was ready for everyone, so the loop's own time is in it too.
      s.enqueue(new OutboundFrame(frame, event.seq(), start), overCap);
    }
    fanOutTime.record(System.nanoTime() - start);
  }

  private void reject(ParseOutcome.Rejected r) {
    rejected.incrementAndGet(r.reason().ordinal());
    RawInput in = r.input();
    journal.append(
        FactKind.INPUT_REJECTED,
        in.source(),
        Map.of("reason", r.reason().label(), "detail", r.detail(), "preview", r.preview(), "bytes", in.size(),
            "ingest_count", in.ingestCount()));
    long total = rejectedTotal();
    if (total <= 10 || total % 1000 == 0) {
      log.warn("rejected input from {} ({} bytes): {} — {} [{} rejected so far]",
          in.source(), in.size(), r.reason().description(), r.detail(), total);
    }
  }

  public long lastSeq() {
    return lastSeq;
  }

  public long eventsIn() {
    return eventsIn;
  }

  public long lastEventMillis() {
    return lastEventMillis;
  }

  public long rejected(RejectReason reason) {
    return rejected.get(reason.ordinal());
  }

  public long rejectedTotal() {
    long t = 0;
    for (int i = 0; i < rejected.length(); i++) t += rejected.get(i);
    return t;
  }

  CumulativeRecorder fanOutTime() {
    return fanOutTime;
  }

  public int pendingInputs() {
    return pending.get();
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
