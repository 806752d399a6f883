package io.relayscope.fleet.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.relayscope.fleet.FleetSubjects;
import io.relayscope.fleet.NatsLink;
import io.relayscope.relay.Relay;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code relayscope.control.<node>.disconnect}: request {@code {"client":"c4","reason":"…","by":"alice"}}
 * (reason and by optional), reply {@code {"ok":true}} or {@code {"ok":false,"error":"no such client c9"}}.
 * Who may ask is NATS's business (publish permission on the subject); the relay journals the
 * disconnect as the console's, with {@code by} = {@code nats} or {@code nats:<by>}.
 *
 * <p>A request over {@link #MAX_REQUEST_BYTES} is refused before it is parsed ({@code "request too
 * large: …"}) and counted: a real one is a few dozen bytes, and a huge reason once cost the relay
 * hundreds of MB and held every control request for a minute.
 */
public final class ControlResponder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlResponder.class);
  public static final String DISCONNECT = "disconnect";
  /** The largest request parsed: room for a client id, who asked, and a reason far longer than a close frame's 123 bytes. */
  public static final int MAX_REQUEST_BYTES = 4096;

  private final NatsLink link;
  private final Relay relay;
  private final ObjectMapper mapper;
  private final Dispatcher dispatcher;
  private final AtomicLong tooLarge = new AtomicLong();

  public ControlResponder(NatsLink link, String node, Relay relay, ObjectMapper mapper) {
    this.link = link;
    this.relay = relay;
    this.mapper = mapper;
    this.dispatcher = link.connection().createDispatcher(this::onRequest);
    dispatcher.subscribe(FleetSubjects.control(node, DISCONNECT));
  }

  private void onRequest(Message msg) {
    Map<String, Object> reply = disconnect(msg.getData());
    if (msg.getReplyTo() == null) return; // a publish, not a request: done, nobody to tell
    try {
      link.connection().publish(msg.getReplyTo(), mapper.writeValueAsBytes(reply));
    } catch (IOException | RuntimeException e) {
      log.warn("cannot answer a control request: {}", e.toString());
    }
  }

  Map<String, Object> disconnect(byte[] request) {
    var reply = new LinkedHashMap<String, Object>();
    if (request.length > MAX_REQUEST_BYTES) {
      tooLarge.incrementAndGet();
      return error(reply, "request too large: " + request.length + " bytes (at most " + MAX_REQUEST_BYTES + ")");
    }
    JsonNode json;
    try {
      json = mapper.readTree(request);
    } catch (IOException e) {
      return error(reply, "bad request: not JSON");
    }
    if (json == null || !json.path("client").isTextual() || json.path("client").asText().isEmpty()) {
      return error(reply, "bad request: {\"client\":\"<id>\"} expected");
    }
    String client = json.path("client").asText();
    String reason = json.path("reason").isTextual() ? json.path("reason").asText() : null;
    String by = json.path("by").isTextual() && !json.path("by").asText().isBlank() ? "nats:" + json.path("by").asText() : "nats";
    if (!relay.disconnect(client, reason, by)) return error(reply, "no such client " + client);
    reply.put("ok", true);
    return reply;
  }

  /** Requests refused as over {@link #MAX_REQUEST_BYTES}, since the start. */
  public long tooLarge() {
    return tooLarge.get();
  }

  private static Map<String, Object> error(Map<String, Object> reply, String error) {
    reply.put("ok", false);
    reply.put("error", error);
    return reply;
  }

  @Override
  public void close() {
    if (dispatcher.isActive()) link.connection().closeDispatcher(dispatcher);
  }
}
