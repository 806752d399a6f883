package io.relayscope.relay;

import io.relayscope.event.EngineEvent;
import io.relayscope.event.EventParser;
import io.relayscope.event.EventSummary;
import io.relayscope.event.EventTap;
import io.relayscope.event.HandoffBudget;
import io.relayscope.event.InputSink;
import io.relayscope.event.NameCache;
import io.relayscope.event.ParseOutcome;
import io.relayscope.event.RawInput;
import io.relayscope.event.RejectReason;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import io.relayscope.journal.ReceivedEventFields;
import io.relayscope.machines.MachineEviction;
import io.relayscope.machines.MachineRegistry;
import io.relayscope.metrics.CumulativeRecorder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place between ingest and the clients: the hub thread, or an ingest thread doing its work
 * while it is free (never two at once). It validates each input, numbers accepted events
 * (the relay sequence), updates the machine model, journals, and fans the event out by
 * <em>enqueueing</em> one shared frame per client. It never waits on a socket.
 *
 * <p>Joins and refreshes run on this thread too, so a new client's {@code initial} is built at an
 * exact point in the stream: every later event follows it, none is lost or overtakes it. What a
 * joining client is sent is decided by {@link InitialCache} and {@link ResumeProtocol}; the events
 * kept for resuming clients by {@link ReplayStore}.
 */
public final class EventHub implements InputSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventHub.class);
  private static final int BATCH = 256;
  private static final long SHORT_PARK_NANOS = 50_000;
  private static final long SHORT_PARK_WINDOW_NANOS = 250_000;
  /**
   * An idle hub's sleep: every input and command wakes it at once, so this only paces the heartbeat
   * and the rejection summaries (due each second). At 50 ms it was 20 of an idle relay's wake-ups a second.
   */
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  /**
   * Whoever holds it does the hub's work: the hub thread, or an ingest thread that found it free
   * ({@link #offer}). At a few thousand events a second and below, handing each one to the hub cost
   * the hub a wake-up per event (most of its CPU) and the event a thread switch on its way out. An
   * ingest thread never waits for it: when the hub is busy (a join, a long round), the input is
   * handed off as before and the ingest thread goes back to its socket at once.
   */
  private final ReentrantLock owner = new ReentrantLock();
  /** Inputs an ingest thread processes at most before it returns to its socket. */
  private static final int INLINE_BATCH = 16;
  /**
   * The longest round after which an ingest thread may still do the next one: ~10 datagrams queue
   * in the kernel (200 µs at 50,000/s), so an ingest thread must never be away from its socket long.
   * Rounds with hundreds of clients take longer: those stay on the hub thread.
   */
  static final long INLINE_ROUND_MAX_NANOS = 50_000;
  /**
   * The longest a round may take and still leave the next to an ingest thread when inputs come
   * sparsely: half the time between them, at most this. At 1,000 events/s a round that writes
   * to a few clients takes 60–150 µs; handing each such event to the hub instead cost a wake-up of an
   * idle core per event, more CPU than the event's own work on this VM, while the kernel queue gained
   * a datagram at most in the meantime. (A quarter sent a round to ten 2 KB readers, 250 µs and more
   * on a busy moment, to the hub: `relay-hub` 0.09–0.12 s of each 5 s window against 0.02–0.03 s at
   * half, with no worse p99; docs/benchmark-log.md, session 14.)
   */
  static final long INLINE_ROUND_SPARSE_MAX_NANOS = 500_000;
  private volatile boolean inlineAllowed = true;
  private long lastInputNanos; // holding owner
  // Between passes of the hub's loop (hub thread only).
  private long idleSince;
  private long lastWork;
  private long workGap = Long.MAX_VALUE; // between the last two rounds that found work

  // Lock-free hand-off from the ingest threads, bounded by counters (inputs and bytes): ingest never
  // waits on the hub, and a burst of large datagrams cannot fill the heap while the hub catches up.
  private final ConcurrentLinkedQueue<RawInput> inputs = new ConcurrentLinkedQueue<>();
  private final HandoffBudget pending;
  private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private final EventParser parser;
  private final MachineRegistry machines;
  private final Journal journal;
  private final FrameEncoder encoder = new FrameEncoder();
  private final NameCache names = new NameCache(4096);
  private final ArrayList<ClientSession> sessions = new ArrayList<>();
  private final ReplayStore replay;
  private final InitialCache initial;
  private final ResumeProtocol resume;
  private final RelayTime time;
  private final ClientSession.OverCapHandler overCap;
  private final CumulativeRecorder fanOutTime = CumulativeRecorder.forSerialWriters(); // holding owner
  private final AtomicLongArray rejected = new AtomicLongArray(RejectReason.values().length);
  private final RejectionLog rejections;
  private final Thread thread;
  private RelayThreads threads;
  private RelayThreads.Heartbeat beat;
  private volatile boolean sleeping;
  private volatile boolean running = true;
  private volatile EventTap tap = EventTap.NONE; // --nats: set before events
  private Runnable afterRound = () -> { }; // set before start

  // Written by the hub thread only.
  private volatile long lastSeq;
  private volatile long eventsIn;
  private volatile long lastEventMillis;

  /** Heap an input costs besides its bytes (record, array header, queue node): the hand-off counts it per input. */
  static final int INPUT_OVERHEAD = 96;

  public EventHub(int capacity, long capacityBytes, EventParser parser, MachineRegistry machines, Journal journal,
      ClientSession.OverCapHandler overCap, RelayConfig config, RelayTime time) {
    this.time = time;
    this.pending = new HandoffBudget(capacity, capacityBytes);
    this.parser = parser;
    this.machines = machines;
    this.journal = journal;
    this.rejections = new RejectionLog(journal, System.nanoTime());
    this.overCap = overCap;
    this.replay = new ReplayStore(config);
    this.initial = new InitialCache(machines, encoder, time);
    this.resume = new ResumeProtocol(journal.run().id(), replay, initial, encoder, config, journal, time, overCap);
    this.thread = new Thread(this::run, "relay-hub");
    this.thread.setDaemon(true);
  }

  /** Who hears of failures on the hub thread, and its heartbeat; before {@link #start()}. */
  void supervise(RelayThreads threads) {
    this.threads = threads;
    // The hub parks at most IDLE_PARK (250 ms) between rounds, so 5 s without a round means it is stuck.
    this.beat = threads.heartbeat("relay-hub", 5000);
  }

  public void start() {
    thread.start();
  }

  @Override
  public boolean offer(RawInput input) {
    if (!pending.tryTake(input.bytes().length + INPUT_OVERHEAD)) return false;
    inputs.offer(input);
    if (inlineAllowed && owner.tryLock()) {
      // The hub's work is free and cheap now: do it here, with no hand-off to wake the hub for.
      try {
        round(INLINE_BATCH);
      } catch (Throwable t) {
        failed(t);
      } finally {
        owner.unlock();
      }
      if (!inputs.isEmpty() || !commands.isEmpty()) LockSupport.unpark(thread);
    } else if (sleeping || inlineAllowed) {
      // The hub is busy with something else (it takes this input next) or asleep. While ingest does
      // the hub's work, the hub sleeps instead of napping: this is the only wake-up it needs.
      LockSupport.unpark(thread);
    }
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
      if (!session.isAccepting()) return; // gone before it joined
      ResumeRequest r = session.resume();
      if (r == null) {
        session.startedAtSeq(lastSeq);
        sendInitial(session);
      } else {
        resume.resume(session, r, lastSeq);
      }
      sessions.add(session);
    });
  }

  /** Removes a closed client at once: a quiet relay (no events, no fan-out) must not keep it. */
  void leave(ClientSession session) {
    submit(() -> {
      sessions.remove(session);
    });
  }

  void refresh(ClientSession session) {
    submit(() -> sendInitial(session));
  }

  private void sendInitial(ClientSession session) {
    session.enqueue(initial.next(), overCap);
  }

  private void run() {
    while (running) {
      try {
        loop();
      } catch (Throwable t) {
        // Anything, even an Error: journal it and carry on with the next input or command.
        failed(t);
        LockSupport.parkNanos(1_000_000); // a fault that repeats must not spin a core (health reports it)
      }
    }
  }

  private void loop() {
    while (running) iterate();
  }

  /**
   * One pass of the hub's loop: a method of its own, so it is compiled as soon as it is hot. A
   * thread's one long-running loop is compiled only once enough of its back-edges were counted, and
   * while ingest does the hub's work the hub hardly loops: in a profile its loop still ran interpreted.
   */
  private void iterate() {
    if (beat != null) beat.beat();
    boolean didWork = false;
    owner.lock();
    try {
      Runnable c;
      while ((c = commands.poll()) != null) {
        runSafely(c);
        didWork = true;
      }
      didWork |= round(BATCH);
      rejections.flushIfDue(System.nanoTime()); // the loop comes by at least every IDLE_PARK
    } finally {
      owner.unlock();
    }
    long now = System.nanoTime();
    if (didWork) {
      if (lastWork != 0) workGap = now - lastWork;
      lastWork = now;
      idleSince = 0;
      return;
    }
    if (idleSince == 0) idleSince = now;
    if (!inlineAllowed && workGap < SHORT_PARK_WINDOW_NANOS && now - idleSince < SHORT_PARK_WINDOW_NANOS) {
      // While inputs come densely, nap briefly without asking to be woken: the ingest thread then
      // never pays for an unpark system call, and each wake-up drains a batch. Sparser inputs
      // (1,000/s) would find only empty naps: five timed waits per event cost the hub more than
      // the event did (0.45 s of 1.83 s at 10 × 1,000/s), so then it sleeps until an input wakes it.
      LockSupport.parkNanos(SHORT_PARK_NANOS);
    } else {
      sleeping = true;
      if (inputs.isEmpty() && commands.isEmpty() && running) {
        LockSupport.parkNanos(IDLE_PARK_NANOS);
      }
      sleeping = false;
    }
  }

  /**
   * Processes up to {@code max} inputs, then hands the round's frames to each socket together
   * (fanOut only queued them). Holding {@link #owner}. Returns whether there was any input. A round
   * that took longer than its inline budget ({@link #inlineBudget}) leaves the next rounds to the hub thread.
   */
  private boolean round(int max) {
    long start = System.nanoTime();
    boolean events = false;
    long minGap = Long.MAX_VALUE;
    for (int i = 0; i < max; i++) {
      RawInput in = inputs.poll();
      if (in == null) break;
      pending.release(in.bytes().length + INPUT_OVERHEAD);
      minGap = Math.min(minGap, in.receivedAtNanos() - lastInputNanos);
      lastInputNanos = in.receivedAtNanos();
      process(in);
      events = true;
    }
    if (!events) return false;
    for (int i = 0; i < sessions.size(); i++) sessions.get(i).flush();
    afterRound.run();
    inlineAllowed = System.nanoTime() - start <= inlineBudget(minGap);
    return true;
  }

  /** How long a round may have taken for an ingest thread to do the next: see {@link #INLINE_ROUND_SPARSE_MAX_NANOS}. */
  static long inlineBudget(long gapNanos) {
    return Math.max(INLINE_ROUND_MAX_NANOS, Math.min(gapNanos / 2, INLINE_ROUND_SPARSE_MAX_NANOS));
  }

  private void runSafely(Runnable c) {
    try {
      c.run();
    } catch (Throwable t) {
      failed(t);
    }
  }

  /** A failure of the hub's work, on whichever thread did it: journaled as the hub's. */
  private void failed(Throwable t) {
    if (threads != null) threads.failed("relay-hub", t);
    else log.error("hub failed", t);
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
      for (var gone : machines.apply(event)) machineEvicted(gone);
    } catch (RuntimeException e) {
      log.warn("machine model could not apply event {}: {}", event.seq(), e.toString());
    }
    // The journal's ring keeps this fact long after the event: its names are shared, not copied per event.
    String machine = names.canonical(event.machineName());
    var fields = new ReceivedEventFields(event.seq(), names.canonical(event.type()), event.raw().length, event.source(),
        EventSummary.of(event), machine);
    journal.append(FactKind.EVENT_RECEIVED, machine == null ? event.source() : machine, fields);
    fanOut(event);
    tap.accepted(event);
  }

  /** Told after every round with inputs (the monitor, to watch closely again); before {@link #start()}. */
  void onRound(Runnable r) {
    this.afterRound = r;
  }

  void tap(EventTap t) {
    this.tap = t;
  }

  private void machineEvicted(MachineEviction gone) {
    journal.append(FactKind.MACHINE_EVICTED, gone.machine(), Map.of("machine", gone.machine(), "bound", gone.bound(),
        "machines", machines.size(), "evicted_total", machines.evicted()));
    long n = machines.evicted();
    if (n <= 10 || n % 1000 == 0) {
      log.warn("machine table at its bound ({}): evicted least recently active machine {} [{} evicted so far]",
          gone.bound(), gone.machine(), n);
    }
  }

  /**
   * The frame of event {@code seq} while the replay store (--resume-events, --resume-bytes) still
   * holds it, looked up on the hub thread in order with the stream; empty once it is gone.
   */
  CompletableFuture<Optional<ByteBuffer>> keptFrame(long seq) {
    var result = new CompletableFuture<Optional<ByteBuffer>>();
    submit(() -> result.complete(replay.frame(seq)));
    if (!running) result.complete(Optional.empty());
    return result;
  }

  /** Bytes the resume store holds (frames and bookkeeping). */
  long replayBytes() {
    return replay.bytes();
  }

  /** Bytes of input waiting for the hub. */
  public long pendingBytes() {
    return pending.bytes();
  }

  /**
   * How long the oldest input waiting for the hub has waited (0 when none): how far the relay is
   * behind its own input, an age no client's deadline sees. On the ingest's clock, which stamped it.
   */
  long pendingAgeNanos() {
    RawInput oldest = inputs.peek();
    return oldest == null ? 0 : Math.max(0, System.nanoTime() - oldest.receivedAtNanos());
  }

  private void fanOut(EngineEvent event) {
    long start = time.nanos();
    ByteBuffer frame = encoder.text(event.raw());
    OutboundFrame seqFrame = null;
    replay.keep(event.seq(), frame);
    // One frame record for every client: it is immutable, and a thousand clients made a thousand of it.
    var out = new OutboundFrame(frame, event.seq(), start);
    for (int i = sessions.size() - 1; i >= 0; i--) {
      ClientSession s = sessions.get(i);
      if (!s.isAccepting()) {
        // Evicted (its close is still under way): drop it here, on the only thread that owns this list.
        sessions.set(i, sessions.get(sessions.size() - 1));
        sessions.remove(sessions.size() - 1);
          continue;
      }
      // One clock reading for the whole fan-out: a client's send latency counts from the moment
      // the event was ready for everyone, so the loop's own time is in it too.
      s.enqueueDeferred(out, overCap);
      if (s.resume() != null) {
        // Opted in (?since=): the unchanged event, then a marker saying "you have everything up to seq".
        if (seqFrame == null) seqFrame = new OutboundFrame(resume.seqFrame(event.seq()), -1, start);
        s.enqueueDeferred(seqFrame, overCap);
      }
    }
    fanOutTime.record(time.nanos() - start);
  }

  private void reject(ParseOutcome.Rejected r) {
    rejected.incrementAndGet(r.reason().ordinal());
    RawInput in = r.input();
    rejections.rejected(r, System.nanoTime());
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

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(2000);
      // The last second's summary: the journal's counts add up to the counters.
      if (owner.tryLock(1, TimeUnit.SECONDS)) {
        try {
          rejections.flush();
        } finally {
          owner.unlock();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
