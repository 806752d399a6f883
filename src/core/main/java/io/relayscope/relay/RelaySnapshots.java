package io.relayscope.relay;

import io.relayscope.event.RejectReason;
import io.relayscope.journal.Journal;
import io.relayscope.logging.DroppingAsyncAppender;
import io.relayscope.machines.MachineRegistry;
import io.relayscope.metrics.ClientStats;
import io.relayscope.metrics.IngestStatus;
import io.relayscope.metrics.JournalHealth;
import io.relayscope.metrics.NatsHealth;
import io.relayscope.metrics.RelayHealth;
import io.relayscope.metrics.RelaySnapshot;
import io.relayscope.metrics.RelayStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.function.Supplier;

/** Assembles the relay's snapshot: everything measured, from every part, as immutable values. Safe from any thread. */
final class RelaySnapshots {
  private final EventHub hub;
  private final ClientSessions sessions;
  private final ClientCloser closer;
  private final SlowClientMonitor slowClients;
  private final Keepalive keepalive;
  private final WriteSweep writeSweep;
  private final RefusalLog refusals;
  private final EventRate rate;
  private final RelayThreads threads;
  private final MachineRegistry machines;
  private final Journal journal;
  private final Supplier<IngestStatus> ingest;
  private final RelayTime time;
  private final Supplier<String> endpoint;
  private final long startedAtMillis;
  private volatile Supplier<NatsHealth> natsHealth = () -> NatsHealth.DISABLED;
  private volatile Supplier<JournalHealth> journalHealth = () -> JournalHealth.DISABLED;

  RelaySnapshots(EventHub hub, ClientSessions sessions, ClientCloser closer, SlowClientMonitor slowClients,
      Keepalive keepalive, WriteSweep writeSweep, RefusalLog refusals, EventRate rate, RelayThreads threads,
      MachineRegistry machines, Journal journal, Supplier<IngestStatus> ingest, RelayTime time,
      Supplier<String> endpoint) {
    this.hub = hub;
    this.sessions = sessions;
    this.closer = closer;
    this.slowClients = slowClients;
    this.keepalive = keepalive;
    this.writeSweep = writeSweep;
    this.refusals = refusals;
    this.rate = rate;
    this.threads = threads;
    this.machines = machines;
    this.journal = journal;
    this.ingest = ingest;
    this.time = time;
    this.endpoint = endpoint;
    this.startedAtMillis = time.millis();
  }

  /** Where snapshots read the journal's disk state from. */
  void reportJournal(Supplier<JournalHealth> source) {
    this.journalHealth = source;
  }

  /** Where snapshots read the NATS link's state from. */
  void reportNats(Supplier<NatsHealth> source) {
    this.natsHealth = source;
  }

  RelaySnapshot snapshot() {
    long lastSeq = hub.lastSeq();
    var clients = new ArrayList<ClientStats>();
    for (ClientSession s : sessions.all()) clients.add(s.stats(lastSeq));
    clients.sort(Comparator.comparingLong(ClientStats::connectedAtMillis).thenComparing(c -> Long.parseLong(c.id().substring(1))));
    var closed = closer.recentlyClosed();
    IngestStatus in = ingest.get();
    var rejected = new LinkedHashMap<String, Long>();
    for (RejectReason r : RejectReason.values()) {
      long n = r == RejectReason.HANDOFF_FULL ? in.handoffFull() : hub.rejected(r);
      rejected.put(r.label(), n);
    }
    long rejectedTotal = rejected.values().stream().mapToLong(Long::longValue).sum();
    long now = time.millis();
    var stats = new RelayStats(
        startedAtMillis,
        now - startedAtMillis,
        in.eventSocketPath(),
        in.bound(),
        endpoint.get(),
        hub.eventsIn(),
        rate.perSecond(),
        lastSeq,
        hub.lastEventMillis(),
        rejectedTotal,
        rejected,
        in.handoffFull(),
        clients.size(),
        sessions.everConnected(),
        slowClients.evictions(),
        slowClients.lastEvictionMillis(),
        keepalive.closes(),
        writeSweep.rearmed(),
        writeSweep.closesEnded(),
        refusals.droppedWithoutAnswer(),
        hub.fanOutTime().summary(),
        journal.appended(),
        refusals.totals(),
        machines.size(),
        machines.evicted(),
        hub.replayBytes(),
        hub.pendingBytes(),
        hub.pendingAgeNanos() / 1e6,
        new RelayHealth(threads.alive(), in.problem(), journalHealth.get(), threads.failures(),
            threads.lastFailure(), DroppingAsyncAppender.dropped(), natsHealth.get()));
    return new RelaySnapshot(now, stats, clients, closed);
  }
}
