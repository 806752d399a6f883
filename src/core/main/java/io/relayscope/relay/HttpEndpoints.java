package io.relayscope.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.event.EpochSeconds;
import io.relayscope.machines.MachineRegistry;
import io.relayscope.metrics.PrometheusText;
import io.relayscope.metrics.RelaySnapshot;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Upstream's HTTP endpoints ({@code /health}, {@code /initial}) plus {@code /metrics}. */
final class HttpEndpoints {
  /** An HTTP answer; {@code headers} are extra ones (426's {@code Sec-WebSocket-Version}, 405's {@code Allow}). */
  record Response(int status, String reason, String contentType, byte[] body, Map<String, String> headers) {
    Response(int status, String reason, String contentType, byte[] body) {
      this(status, reason, contentType, body, Map.of());
    }

    Response withHeaders(Map<String, String> more) {
      return new Response(status, reason, contentType, body, more);
    }
  }

  private final ObjectMapper mapper;
  private final MachineRegistry machines;
  private final Supplier<RelaySnapshot> snapshots;

  HttpEndpoints(ObjectMapper mapper, MachineRegistry machines, Supplier<RelaySnapshot> snapshots) {
    this.mapper = mapper;
    this.machines = machines;
    this.snapshots = snapshots;
  }

  /**
   * {@code authorized}: whether the request carried the token (always true when none is configured);
   * {@code originAllowed}: whether its Origin, if any, passes {@code --allowed-origin}. Only
   * {@code /health} is open to all, for upstream's health checks.
   */
  Response respond(String resource, boolean authorized, boolean originAllowed) {
    String path = resource;
    int q = path.indexOf('?');
    if (q >= 0) path = path.substring(0, q);
    if (!path.equals("/health")) {
      if (!originAllowed) return refused(403, "Forbidden", "this Origin is not allowed");
      if (!authorized) return unauthorized();
    }
    return switch (path) {
      case "/health" -> health();
      case "/initial" -> json(machines.initialMessage());
      case "/metrics" -> new Response(200, "OK", PrometheusText.CONTENT_TYPE,
          PrometheusText.render(snapshots.get()).getBytes(StandardCharsets.UTF_8));
      default -> new Response(404, "Not Found", "application/json",
          "{\"detail\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
    };
  }

  static Response unauthorized() {
    return new Response(401, "Unauthorized", "application/json",
        "{\"detail\":\"a token is required (?token=, Authorization: Bearer, or Sec-WebSocket-Protocol)\"}"
            .getBytes(StandardCharsets.UTF_8));
  }

  static Response methodNotAllowed(String method) {
    return refused(405, "Method Not Allowed", "method " + method + " is not served here")
        .withHeaders(Map.of("Allow", "GET, HEAD"));
  }

  static Response refused(int status, String reason, String detail) {
    return new Response(status, reason, "application/json",
        ("{\"detail\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(detail)) + "\"}")
            .getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Upstream's fields, plus the truth about the relay's own parts: every thread alive, the event
   * socket receivable at its path, the journal's disk copy. Anything wrong in the first two answers
   * {@code "status":"degraded"} with HTTP 503 and the reasons; a paused journal shows in
   * {@code journal} (the relay still relays, and a restart would not free the disk).
   */
  private Response health() {
    RelaySnapshot s = snapshots.get();
    long now = System.currentTimeMillis();
    // Before any event there is no last event: null, not the relay's start (upstream's stand-in,
    // which told a health check an event had just arrived when none ever had).
    long last = s.relay().lastEventMillis();
    Double since = last > 0 ? Math.round((now - last) / 10.0) / 100.0 : null;
    var health = s.relay().health();
    var problems = health.problems();
    var body = new LinkedHashMap<String, Object>();
    body.put("status", problems.isEmpty() ? "ok" : "degraded");
    body.put("connections", s.relay().clients());
    body.put("last_event_time", last > 0 ? EpochSeconds.of(last) : null);
    body.put("seconds_since_last_event", since);
    body.put("unix_socket_active", since != null && since < 10.0); // upstream's meaning: an event in the last 10 s
    body.put("event_socket_bound", s.relay().eventSocketBound());
    body.put("threads", health.threads());
    var journal = new LinkedHashMap<String, Object>();
    journal.put("status", health.journal().status());
    journal.put("lost", health.journal().lost());
    if (health.journal().error() != null) journal.put("error", health.journal().error());
    body.put("journal", journal);
    body.put("thread_failures", health.threadFailures());
    if (health.nats().enabled()) body.put("nats", health.nats()); // not a problem: the relay relays without it
    if (!problems.isEmpty()) body.put("reasons", problems);
    Response ok = json(body);
    return problems.isEmpty() ? ok : new Response(503, "Service Unavailable", ok.contentType(), ok.body());
  }

  private Response json(Object value) {
    try {
      return new Response(200, "OK", "application/json", mapper.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      return new Response(500, "Internal Server Error", "application/json",
          "{\"detail\":\"encoding failed\"}".getBytes(StandardCharsets.UTF_8));
    }
  }
}
