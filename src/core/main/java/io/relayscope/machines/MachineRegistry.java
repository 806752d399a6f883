package io.relayscope.machines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relayscope.event.EngineEvent;
import io.relayscope.event.EpochSeconds;
import io.relayscope.event.EventFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of every machine seen, as upstream's {@code initial} snapshot reports it. One thread
 * (the relay hub) applies events; any thread may read. Values are immutable records, so a reader
 * sees each machine whole.
 *
 * <p>The table is bounded three ways: by count ({@code maxMachines}), by the bytes its
 * {@code initial} message takes ({@code initialBytes}, so every new client can be sent it) and by
 * the estimated heap of states and histories ({@code tableBytes}). Over any of them the least
 * recently active machine is evicted, and {@link #apply} reports it.
 */
public final class MachineRegistry {
  /** {@code {"type":"initial","machines":[...],"timestamp":...}} around the entries. */
  static final int INITIAL_OVERHEAD = 128;
  // {"machine_name":,"current_state":,"last_activity":,"metadata":,"config_type":}, plus a comma.
  private static final int ENTRY_KEYS = 80;

  private final ConcurrentHashMap<String, MachineState> machines = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, MachineHistory> histories = new ConcurrentHashMap<>();
  private final ObjectMapper mapper;
  private final int maxMachines;
  private final long initialBytes;
  private final long tableBytes;
  // Writer thread only: least recently active first, with each machine's accounted bytes.
  private final LinkedHashMap<String, long[]> lru = new LinkedHashMap<>(16, 0.75f, true);
  private long entryTotal;
  private long tableTotal;
  private volatile long evicted;
  // Bumped on every change, so an unchanged table's initial can be encoded once and shared.
  private volatile long version;

  /** Unbounded in practice: for tools and tests that read a handful of machines. */
  public MachineRegistry(ObjectMapper mapper) {
    this(mapper, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  public MachineRegistry(ObjectMapper mapper, int maxMachines, long initialBytes, long tableBytes) {
    this.mapper = mapper;
    this.maxMachines = maxMachines;
    this.initialBytes = initialBytes;
    this.tableBytes = tableBytes;
  }

  /**
   * The largest {@code initial} entry a machine can have when names, states and config types hold
   * at most {@code maxNameBytes} bytes (each escaped at worst to six bytes per byte).
   */
  public static long largestEntryBytes(int maxNameBytes) {
    long field = 2 + 6L * maxNameBytes;
    return ENTRY_KEYS + 3 * field + 21 + 4;
  }

  /**
   * Seeds a machine known from before the relay started (e.g. upstream's pipeline database). False
   * (and not seeded) when its entry alone would not fit {@code initial}'s bound.
   */
  public boolean seed(MachineState state) {
    if (entryBytes(state) + INITIAL_OVERHEAD > initialBytes) return false;
    machines.put(state.machineName(), state);
    MachineHistory h = history(state.machineName());
    h.configType(state.configType());
    h.enter(state.currentState(), state.lastActivityMillis());
    account(state.machineName(), state, h);
    return true;
  }

  /** Changes whenever the table does (writer thread). */
  public long version() {
    return version;
  }

  /** Machines evicted so far to keep the table within its bounds. */
  public long evicted() {
    return evicted;
  }

  public int size() {
    return machines.size();
  }

  /** Records {@code name}'s current cost, then evicts the least recently active until within bounds. */
  private List<MachineEviction> account(String name, MachineState state, MachineHistory history) {
    version++;
    long[] cost = lru.get(name); // also marks it most recently active
    if (cost == null) {
      cost = new long[2];
      lru.put(name, cost);
    }
    long entry = entryBytes(state);
    long table = entry * 2 + name.length() + history.retainedBytes();
    entryTotal += entry - cost[0];
    tableTotal += table - cost[1];
    cost[0] = entry;
    cost[1] = table;
    List<MachineEviction> out = List.of();
    while (lru.size() > 1 && (lru.size() > maxMachines || entryTotal + INITIAL_OVERHEAD > initialBytes
        || tableTotal > tableBytes)) {
      var eldest = lru.entrySet().iterator().next();
      String victim = eldest.getKey();
      if (victim.equals(name)) break;
      String bound = lru.size() > maxMachines ? "max_machines"
          : entryTotal + INITIAL_OVERHEAD > initialBytes ? "initial_bytes" : "table_bytes";
      lru.remove(victim);
      entryTotal -= eldest.getValue()[0];
      tableTotal -= eldest.getValue()[1];
      machines.remove(victim);
      histories.remove(victim);
      evicted++;
      if (out.isEmpty()) out = new ArrayList<>();
      out.add(new MachineEviction(victim, bound));
    }
    return out;
  }

  /** The bytes {@code state}'s entry takes in {@code initial}, as Jackson writes it. */
  static long entryBytes(MachineState state) {
    return ENTRY_KEYS + jsonLength(state.machineName()) + jsonLength(state.currentState())
        + jsonLength(state.lastActivityText() != null ? state.lastActivityText() : "0000-00-00 00:00:00")
        + jsonLength(state.metadata()) + jsonLength(state.configType());
  }

  /** Length of {@code s} as a JSON string in UTF-8, quotes included ({@code null}: 4). */
  static long jsonLength(String s) {
    if (s == null) return 4;
    long n = 2;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') n += 2;
      else if (c < 0x20) n += 6;
      else if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else n += 3;
    }
    return n;
  }

  private MachineHistory history(String name) {
    return histories.computeIfAbsent(name, MachineHistory::new);
  }

  /**
   * Applies one accepted event. Only the hub thread calls this. Returns the machines evicted to make
   * room (usually none).
   */
  public List<MachineEviction> apply(EngineEvent event) {
    EventFields payload = event.fields();
    String name = event.machineName();
    if (name == null) name = payload.payloadString(EventFields.MACHINE_NAME);
    if (name == null) return List.of();
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
        state = orElse(payload.payloadString(EventFields.CURRENT_STATE), state);
        configType = orElse(payload.payloadString(EventFields.CONFIG_TYPE), configType);
        terminated = false;
        history.configType(configType);
        history.terminated(false);
        history.enter(state, now);
      }
      case "state_change" -> {
        String to = payload.payloadString(EventFields.TO_STATE);
        state = orElse(to, state);
        terminated = false;
        history.terminated(false);
        history.transition(payload.payloadString(EventFields.FROM_STATE), to, payload.payloadString(EventFields.EVENT_TRIGGER), now);
      }
      case "machine_terminated" -> {
        configType = orElse(payload.payloadString(EventFields.CONFIG_TYPE), configType);
        terminated = true;
        history.configType(configType);
        history.terminated(true);
      }
      default -> {}
    }
    var updated = new MachineState(name, state, null, now, metadata, configType, terminated);
    machines.put(name, updated);
    return account(name, updated, history);
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
    root.put("timestamp", EpochSeconds.now());
    return root;
  }

  public byte[] initialBytes() {
    try {
      return mapper.writeValueAsBytes(initialMessage());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode initial snapshot", e);
    }
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }
}
