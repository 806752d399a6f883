package io.relayscope.metrics;

import java.util.Map;

/** Renders a {@link RelaySnapshot} in the Prometheus text exposition format (version 0.0.4). */
public final class PrometheusText {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final StringBuilder out = new StringBuilder(4096);

  private PrometheusText() {}

  public static String render(RelaySnapshot snapshot) {
    var p = new PrometheusText();
    RelayStats r = snapshot.relay();
    p.metric("relayscope_uptime_seconds", "gauge", "Seconds since the relay started.", r.uptimeMs() / 1000.0);
    p.metric("relayscope_event_socket_bound", "gauge", "1 while the event socket is bound.", r.eventSocketBound() ? 1 : 0);
    p.metric("relayscope_events_received_total", "counter", "Events accepted and forwarded.", r.eventsIn());
    p.metric("relayscope_events_per_second", "gauge", "Events accepted in the last full second.", r.eventsPerSecond());
    p.metric("relayscope_last_event_timestamp_seconds", "gauge", "When the last event was received.", r.lastEventMillis() / 1000.0);
    p.header("relayscope_inputs_rejected_total", "counter", "Inputs rejected, by reason.");
    for (Map.Entry<String, Long> e : r.rejectedByReason().entrySet()) {
      p.sample("relayscope_inputs_rejected_total", "reason", e.getKey(), e.getValue());
    }
    p.metric("relayscope_handoff_full_total", "counter", "Inputs lost because the hand-off queue was full.", r.handoffFull());
    p.metric("relayscope_clients", "gauge", "Connected WebSocket clients.", r.clients());
    p.metric("relayscope_clients_connected_total", "counter", "WebSocket clients ever connected.", r.clientsConnectedTotal());
    p.header("relayscope_refused_total", "counter", "Connections refused at the handshake, by HTTP status.");
    for (Map.Entry<Integer, Long> e : r.refusedByStatus().entrySet()) {
      p.sample("relayscope_refused_total", "status", Integer.toString(e.getKey()), e.getValue());
    }
    p.metric("relayscope_handshake_timeouts_total", "counter",
        "Connections dropped without an answer: no handshake within the handshake timeout.", r.handshakesTimedOut());
    p.metric("relayscope_clients_evicted_total", "counter", "Clients evicted as too slow.", r.evictions());
    p.metric("relayscope_clients_keepalive_closed_total", "counter",
        "Clients closed with 4009: no pong within the keepalive timeout.", r.keepaliveCloses());
    p.metric("relayscope_write_wakeups_restored_total", "counter",
        "Connections found with bytes queued and no write armed (a wake-up the WebSocket library lost), armed again.",
        r.writeWakeupsRestored());
    p.metric("relayscope_closes_ended_total", "counter",
        "Closes that did not complete within the send timeout: the relay ended their connection.", r.closesEnded());
    p.metric("relayscope_last_eviction_timestamp_seconds", "gauge", "When a client was last evicted (0: never).",
        r.lastEvictionMillis() < 0 ? 0 : r.lastEvictionMillis() / 1000.0);
    p.metric("relayscope_fanout_seconds_p99", "gauge", "Fan-out time per event, 99th percentile.", r.fanOut().p99Ms() / 1000.0);
    p.metric("relayscope_fanout_seconds_max", "gauge", "Fan-out time per event, maximum.", r.fanOut().maxMs() / 1000.0);
    p.metric("relayscope_journal_facts_total", "counter", "Facts appended to the journal.", r.journalFacts());
    p.metric("relayscope_machines", "gauge", "Machines in the table (initial's entries).", r.machines());
    p.metric("relayscope_machines_evicted_total", "counter",
        "Least recently active machines dropped to keep the table within its bounds.", r.machinesEvicted());
    p.metric("relayscope_resume_buffer_bytes", "gauge", "Bytes the resume ring holds for ?since= clients.",
        r.resumeBufferBytes());
    p.metric("relayscope_handoff_bytes", "gauge", "Bytes of input waiting between ingest and the hub.", r.handoffBytes());
    p.metric("relayscope_handoff_oldest_seconds", "gauge", "How long the oldest input waiting for the hub has waited.",
        r.handoffOldestMs() / 1000);
    RelayHealth h = r.health();
    p.metric("relayscope_journal_facts_lost_total", "counter", "Journal facts that never reached the journal files.",
        h.journal().lost());
    p.metric("relayscope_journal_paused", "gauge", "1 while writing the journal files fails (e.g. disk full).",
        h.journal().paused() ? 1 : 0);
    p.metric("relayscope_healthy", "gauge", "1 while /health answers ok (threads alive, event socket receivable).",
        h.problems().isEmpty() ? 1 : 0);
    p.header("relayscope_thread_alive", "gauge", "1 while a relay thread runs (not dead, stuck or failing repeatedly).");
    h.threads().forEach((name, alive) -> p.sample("relayscope_thread_alive", "thread", name, alive ? 1 : 0));
    p.metric("relayscope_thread_failures_total", "counter", "Fatal errors relay threads caught and survived.",
        h.threadFailures());
    p.metric("relayscope_log_lines_dropped_total", "counter", "Log lines dropped because stderr did not keep up.",
        h.logLinesDropped());
    NatsHealth n = h.nats();
    if (n.enabled()) {
      p.metric("relayscope_nats_connected", "gauge", "1 while the link to NATS (--nats) is up.",
          "connected".equals(n.status()) ? 1 : 0);
      p.metric("relayscope_nats_events_published_total", "counter", "Events JetStream acknowledged.", n.published());
      p.metric("relayscope_nats_events_buffered", "gauge", "Events waiting for NATS (queued or unacknowledged).",
          n.bufferedEvents());
      p.metric("relayscope_nats_buffered_bytes", "gauge", "Bytes of events waiting for NATS.", n.bufferedBytes());
      p.metric("relayscope_nats_events_lost_total", "counter",
          "Events never stored in JetStream (buffer full, or publish failed for good).", n.lost());
      p.metric("relayscope_nats_publish_retries_total", "counter", "Publishes retried after a failed acknowledgement.",
          n.retried());
      p.metric("relayscope_nats_reconnects_total", "counter", "Times the link to NATS came back.", n.reconnects());
      p.metric("relayscope_nats_facts_published_total", "counter", "Fact messages (snapshots, journal batches) published.",
          n.factsPublished());
      p.metric("relayscope_nats_facts_lost_total", "counter", "Fact messages or journal facts that never reached NATS.",
          n.factsLost());
      p.metric("relayscope_nats_source_events_total", "counter", "Events taken from the stream (--nats-source).",
          n.sourced());
      p.metric("relayscope_nats_source_lag_events", "gauge",
          "Events in the stream after the last one --nats-source read.", n.sourceLagEvents());
      p.metric("relayscope_nats_source_lag_seconds", "gauge",
          "Seconds between the last event --nats-source read and the stream's newest (JetStream timestamps).",
          n.sourceLagSeconds());
      p.metric("relayscope_nats_source_forged_total", "counter",
          "Events --nats-source dropped: their Relayscope-Node header named another node than their subject.",
          n.sourceForged());
      p.metric("relayscope_nats_control_too_large_total", "counter",
          "Control requests refused unparsed: over the size bound.", n.controlTooLarge());
    }

    p.header("relayscope_client_queue_bytes", "gauge", "Bytes queued for a client.");
    snapshot.clients().forEach(c -> p.sample("relayscope_client_queue_bytes", "client", c.id(), c.queueBytes()));
    p.header("relayscope_client_queue_frames", "gauge", "Frames queued for a client.");
    snapshot.clients().forEach(c -> p.sample("relayscope_client_queue_frames", "client", c.id(), c.queueFrames()));
    p.header("relayscope_client_send_latency_seconds", "gauge", "Send latency, enqueue to written, by quantile.");
    for (ClientStats c : snapshot.clients()) {
      p.sample2("relayscope_client_send_latency_seconds", c.id(), "0.5", c.sendLatency().p50Ms() / 1000.0);
      p.sample2("relayscope_client_send_latency_seconds", c.id(), "0.99", c.sendLatency().p99Ms() / 1000.0);
      p.sample2("relayscope_client_send_latency_seconds", c.id(), "1", c.sendLatency().maxMs() / 1000.0);
    }
    p.header("relayscope_client_ping_rtt_seconds", "gauge", "Last WebSocket ping round-trip time.");
    snapshot.clients().forEach(c -> p.sample("relayscope_client_ping_rtt_seconds", "client", c.id(), c.pingRtt().lastMs() / 1000.0));
    p.header("relayscope_client_frames_sent_total", "counter", "Frames written to a client's socket.");
    snapshot.clients().forEach(c -> p.sample("relayscope_client_frames_sent_total", "client", c.id(), c.framesSent()));
    p.header("relayscope_client_bytes_sent_total", "counter", "Bytes written to a client's socket.");
    snapshot.clients().forEach(c -> p.sample("relayscope_client_bytes_sent_total", "client", c.id(), c.bytesSent()));
    p.header("relayscope_client_sequence_lag", "gauge", "Events relayed but not yet written to a client.");
    snapshot.clients().forEach(c -> p.sample("relayscope_client_sequence_lag", "client", c.id(), c.sequenceLag()));
    p.header("relayscope_client_missed_pongs_total", "counter", "Pings a client left unanswered.");
    snapshot.clients().forEach(c -> p.sample("relayscope_client_missed_pongs_total", "client", c.id(), c.missedPongs()));
    p.header("relayscope_client_slow", "gauge", "1 while a client is LAGGING or NOT READING.");
    snapshot.clients().forEach(
        c -> p.sample("relayscope_client_slow", "client", c.id(),
            c.state().flagged() ? 1 : 0));
    return p.out.toString();
  }

  private void metric(String name, String type, String help, double value) {
    header(name, type, help);
    out.append(name).append(' ').append(num(value)).append('\n');
  }

  private void header(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private void sample(String name, String label, String value, double v) {
    out.append(name).append('{').append(label).append("=\"").append(escape(value)).append("\"} ").append(num(v)).append('\n');
  }

  private void sample2(String name, String client, String quantile, double v) {
    out.append(name).append("{client=\"").append(escape(client)).append("\",quantile=\"").append(quantile).append("\"} ")
        .append(num(v)).append('\n');
  }

  private static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return Double.toString(v);
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
