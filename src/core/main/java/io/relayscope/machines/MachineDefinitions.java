package io.relayscope.machines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Loads machine definitions: the built-in ones, then any from {@code --machines DIR}. */
public final class MachineDefinitions {
  private static final List<String> BUILT_IN = List.of("face_processor");
  private static final Pattern GROUP = Pattern.compile("^\\s*#\\s*===\\s*(.+?)\\s*===\\s*$");
  private static final Pattern LIST_ITEM = Pattern.compile("^\\s*-\\s*[\"']?([\\w.-]+)[\"']?\\s*(#.*)?$");

  private final Map<String, MachineDefinition> byConfigType = new LinkedHashMap<>();

  private MachineDefinitions() {}

  /** The built-in definitions plus every {@code *.yaml}/{@code *.yml} in {@code dir} (may be null). */
  public static MachineDefinitions load(Path dir) throws IOException {
    var defs = new MachineDefinitions();
    for (String name : BUILT_IN) {
      try (InputStream in = MachineDefinitions.class.getResourceAsStream("/machines/" + name + ".yaml")) {
        if (in != null) defs.add(parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      }
    }
    if (dir != null) {
      if (!Files.isDirectory(dir)) throw new IOException("machines directory not found: " + dir);
      try (var files = Files.list(dir)) {
        for (Path p : (Iterable<Path>) files.sorted()::iterator) {
          String file = p.getFileName().toString();
          if (!file.endsWith(".yaml") && !file.endsWith(".yml")) continue;
          String stem = file.substring(0, file.lastIndexOf('.'));
          defs.add(parse(stem, Files.readString(p)));
        }
      }
    }
    return defs;
  }

  public static MachineDefinitions builtIn() {
    try {
      return load(null);
    } catch (IOException e) {
      throw new IllegalStateException("built-in machine definitions unreadable", e);
    }
  }

  private void add(MachineDefinition d) {
    byConfigType.put(d.configType(), d);
  }

  /** By config type (the YAML file stem), falling back to a definition whose machine name matches. */
  public Optional<MachineDefinition> find(String configType, String machineName) {
    if (configType != null && byConfigType.containsKey(configType)) return Optional.of(byConfigType.get(configType));
    for (MachineDefinition d : byConfigType.values()) {
      if (machineName != null && machineName.equals(d.machineName())) return Optional.of(d);
    }
    if (machineName != null && byConfigType.containsKey(machineName)) return Optional.of(byConfigType.get(machineName));
    return Optional.empty();
  }

  public List<MachineDefinition> all() {
    return List.copyOf(byConfigType.values());
  }

  /** Parses upstream's format; groups come from {@code # === NAME ===} comments inside {@code states:}. */
  public static MachineDefinition parse(String configType, String yaml) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    if (root == null || !root.isObject()) throw new IOException(configType + ": not a YAML mapping");
    var states = new ArrayList<String>();
    for (JsonNode s : root.path("states")) {
      states.add(s.isTextual() ? s.asText() : s.path("name").asText());
    }
    var transitions = new ArrayList<MachineDefinition.Transition>();
    for (JsonNode t : root.path("transitions")) {
      transitions.add(new MachineDefinition.Transition(t.path("from").asText(), t.path("to").asText(),
          t.hasNonNull("event") ? t.get("event").asText() : null));
    }
    String machineName = root.path("metadata").path("machine_name").asText(null);
    return new MachineDefinition(configType, root.path("name").asText(configType),
        machineName == null ? configType : machineName, root.path("initial_state").asText(null), states,
        groups(yaml), transitions);
  }

  private static Map<String, List<String>> groups(String yaml) {
    var groups = new LinkedHashMap<String, List<String>>();
    boolean inStates = false;
    String group = null;
    for (String line : yaml.split("\\R")) {
      if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
        inStates = line.startsWith("states:");
        group = null;
        continue;
      }
      if (!inStates) continue;
      var g = GROUP.matcher(line);
      if (g.matches()) {
        group = g.group(1).trim();
        continue;
      }
      var item = LIST_ITEM.matcher(line);
      if (item.matches() && group != null) {
        groups.computeIfAbsent(group, k -> new ArrayList<>()).add(item.group(1));
      }
    }
    return groups;
  }
}
