package io.relayscope.machines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relayscope.event.EngineEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of every machine seen, as upstream's {@code initial} snapshot reports it. One thread
 * (the relay hub) applies events; any thread may read. Values are immutable records, so a reader
 * sees each machine whole.
 */
public final class MachineRegistry {
  private final ConcurrentHashMap<String, MachineState> machines = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, MachineHistory> histories = new ConcurrentHashMap<>();
  private final ObjectMapper mapper;

  public MachineRegistry(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Seeds a machine known from before the relay started (e.g. upstream's pipeline database). */
  public void seed(MachineState state) {
    machines.put(state.machineName(), state);
    MachineHistory h = history(state.machineName());
    h.configType(state.configType());
    h.enter(state.currentState(), state.lastActivityMillis());
  }

  private MachineHistory history(String name) {
    return histories.computeIfAbsent(name, MachineHistory::new);
  }

  /** Applies one accepted event. Only the hub thread calls this. */
  public void apply(EngineEvent event) {
    ObjectNode payload = event.payload();
    String name = event.machineName();
    if (name == null) name = text(payload, "machine_name");
    if (name == null) return;
    long now = event.receivedAtMillis();
    MachineState old = machines.get(name);
    String state = old == null ? null : old.currentState();
    String configType = old == null ? null : old.configType();
    String metadata = old == null ? null : old.metadata();
    boolean terminated = old != null && old.terminated();
    MachineHistory history = history(name);
    history.seen(event.type(), now);
    switch (event.type()) {
      case "machine_registered" -> {
        state = orElse(text(payload, "current_state"), state);
        configType = orElse(text(payload, "config_type"), configType);
        terminated = false;
        history.configType(configType);
        history.terminated(false);
        history.enter(state, now);
      }
      case "state_change" -> {
        String to = text(payload, "to_state");
        state = orElse(to, state);
        terminated = false;
        history.terminated(false);
        history.transition(text(payload, "from_state"), to, text(payload, "event_trigger"), now);
      }
      case "machine_terminated" -> {
        configType = orElse(text(payload, "config_type"), configType);
        terminated = true;
        history.configType(configType);
        history.terminated(true);
      }
      default -> {}
    }
    machines.put(name, new MachineState(name, state, null, now, metadata, configType, terminated));
  }

  public List<MachineState> machines() {
    var list = new ArrayList<>(machines.values());
    list.sort(Comparator.comparing(MachineState::machineName));
    return List.copyOf(list);
  }

  /** Every machine's history, sorted by name. Any thread. */
  public List<MachineSnapshot> snapshots() {
    var list = new ArrayList<MachineSnapshot>(histories.size());
    for (MachineHistory h : histories.values()) list.add(h.snapshot());
    list.sort(Comparator.comparing(MachineSnapshot::name));
    return List.copyOf(list);
  }

  /** Upstream's {@code initial} message for the current state. */
  public ObjectNode initialMessage() {
    ObjectNode root = mapper.createObjectNode();
    root.put("type", "initial");
    ArrayNode list = root.putArray("machines");
    for (MachineState m : machines()) {
      ObjectNode o = list.addObject();
      o.put("machine_name", m.machineName());
      o.put("current_state", m.currentState());
      o.put("last_activity", m.lastActivity());
      o.put("metadata", m.metadata());
      o.put("config_type", m.configType());
    }
    root.put("timestamp", io.relayscope.event.EpochSeconds.now());
    return root;
  }

  public byte[] initialBytes() {
    try {
      return mapper.writeValueAsBytes(initialMessage());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot encode initial snapshot", e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.textValue() : null;
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }
}
