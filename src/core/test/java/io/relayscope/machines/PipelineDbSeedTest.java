package io.relayscope.machines;

import static io.relayscope.support.EventSender.stateChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.core.CoreConfig;
import io.relayscope.core.RelayCore;
import io.relayscope.relay.RelayConfig;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --pipeline-db}: machines from upstream's SQLite {@code machine_state} table seed {@code initial}. */
class PipelineDbSeedTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UPSTREAM_TABLE = "CREATE TABLE machine_state (machine_name TEXT PRIMARY KEY, "
      + "current_state TEXT, last_activity TIMESTAMP DEFAULT CURRENT_TIMESTAMP, pid INTEGER, metadata TEXT, "
      + "config_type TEXT)";

  private Path dir;
  private Path db;
  private TestRelay relay;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void makeDir() throws Exception {
    dir = Files.createTempDirectory("relayscope-db");
    db = dir.resolve("pipeline.db");
  }

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) toClose.get(i).close();
    if (relay != null) relay.close();
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
    }
    Files.deleteIfExists(dir);
  }

  private Connection open() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
  }

  private void sql(String... statements) throws SQLException {
    try (Connection c = open(); var st = c.createStatement()) {
      for (String s : statements) st.executeUpdate(s);
    }
  }

  /** Each machine's row as the table holds it: name → {column → text}. */
  private Map<String, Map<String, String>> rows() throws SQLException {
    var out = new LinkedHashMap<String, Map<String, String>>();
    try (Connection c = open(); var st = c.createStatement();
        var rs = st.executeQuery("SELECT * FROM machine_state ORDER BY machine_name")) {
      var meta = rs.getMetaData();
      while (rs.next()) {
        var row = new LinkedHashMap<String, String>();
        for (int i = 1; i <= meta.getColumnCount(); i++) row.put(meta.getColumnName(i), rs.getString(i));
        out.put(rs.getString("machine_name"), row);
      }
    }
    return out;
  }

  private RecordingClient client() throws InterruptedException {
    var c = RecordingClient.connect(relay.wsUrl());
    toClose.add(c::closeBlocking);
    await().until(() -> !c.ofType("initial").isEmpty());
    return c;
  }

  private static Map<String, JsonNode> byName(JsonNode initial) {
    assertThat(initial.get("type").asText()).isEqualTo("initial");
    var out = new LinkedHashMap<String, JsonNode>();
    for (JsonNode m : initial.get("machines")) out.put(m.get("machine_name").asText(), m);
    return out;
  }

  private static void assertText(JsonNode machine, String field, String expected) {
    JsonNode v = machine.get(field);
    assertThat(v).as(field).isNotNull();
    if (expected == null) {
      assertThat(v.isNull()).as(field + " is null").isTrue();
    } else {
      assertThat(v.isTextual()).as(field + " is a string").isTrue();
      assertThat(v.textValue()).as(field).isEqualTo(expected);
    }
  }

  @Test
  void initialListsSeededMachinesAndEventsWin() throws Exception {
    sql(UPSTREAM_TABLE,
        "INSERT INTO machine_state (machine_name, current_state, last_activity, pid, metadata, config_type) "
            + "VALUES ('face_processor', 'waiting', '2024-05-01 12:34:56', 4242, '{\"job\":\"x\"}', 'face_processor')",
        "INSERT INTO machine_state (machine_name, current_state, pid, config_type) "
            + "VALUES ('controller', 'idle', 4243, 'controller')");
    Map<String, Map<String, String>> table = rows();
    String controllerActivity = table.get("controller").get("last_activity");
    assertThat(controllerActivity).as("upstream's default timestamp").matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");

    relay = TestRelay.start(c -> c.withPipelineDb(db), r -> r);
    var c = client();

    for (JsonNode initial : List.of(c.ofType("initial").get(0).json(), JSON.readTree(relay.get("/initial").body()))) {
      Map<String, JsonNode> machines = byName(initial);
      assertThat(machines).containsOnlyKeys("controller", "face_processor");
      JsonNode face = machines.get("face_processor");
      assertText(face, "current_state", "waiting");
      assertText(face, "last_activity", "2024-05-01 12:34:56");
      assertText(face, "metadata", "{\"job\":\"x\"}");
      assertText(face, "config_type", "face_processor");
      JsonNode controller = machines.get("controller");
      assertText(controller, "current_state", "idle");
      assertText(controller, "last_activity", controllerActivity);
      assertText(controller, "metadata", null);
      assertText(controller, "config_type", "controller");
    }

    try (var sender = relay.sender()) {
      sender.send(stateChange("face_processor", "waiting", "cropping_faces", "new_job"));
    }
    await().until(() -> c.eventTexts().size() == 1);
    c.send("refresh");
    await().until(() -> c.ofType("initial").size() == 2);

    for (JsonNode initial : List.of(c.ofType("initial").get(1).json(), JSON.readTree(relay.get("/initial").body()))) {
      Map<String, JsonNode> machines = byName(initial);
      assertThat(machines).containsOnlyKeys("controller", "face_processor");
      JsonNode face = machines.get("face_processor");
      assertText(face, "current_state", "cropping_faces");
      assertText(face, "metadata", "{\"job\":\"x\"}");
      assertText(face, "config_type", "face_processor");
      assertThat(face.get("last_activity").asText()).isNotEqualTo("2024-05-01 12:34:56");
      assertText(machines.get("controller"), "current_state", "idle");
    }
    // The relay only reads the database.
    assertThat(rows()).isEqualTo(table);
  }

  @Test
  void olderTableWithoutConfigTypeStillLoads() throws Exception {
    sql("CREATE TABLE machine_state (machine_name TEXT PRIMARY KEY, current_state TEXT, "
            + "last_activity TIMESTAMP DEFAULT CURRENT_TIMESTAMP, pid INTEGER, metadata TEXT)",
        "INSERT INTO machine_state (machine_name, current_state, last_activity, metadata) "
            + "VALUES ('legacy', 'running', '2023-01-02 03:04:05', '{\"job\":\"y\"}')");

    relay = TestRelay.start(c -> c.withPipelineDb(db), r -> r);
    var c = client();

    JsonNode legacy = byName(c.ofType("initial").get(0).json()).get("legacy");
    assertThat(legacy).isNotNull();
    assertText(legacy, "current_state", "running");
    assertText(legacy, "last_activity", "2023-01-02 03:04:05");
    assertText(legacy, "metadata", "{\"job\":\"y\"}");
    assertText(legacy, "config_type", null);
  }

  @Test
  void databasePathWithUriCharactersLoads() throws Exception {
    sql(UPSTREAM_TABLE, "INSERT INTO machine_state (machine_name, current_state) VALUES ('odd_path', 'ready')");
    Path odd = dir.resolve("pipe line %41 #1 ?x=y.db");
    Files.move(db, odd);

    relay = TestRelay.start(c -> c.withPipelineDb(odd), r -> r);
    var c = client();

    assertText(byName(c.ofType("initial").get(0).json()).get("odd_path"), "current_state", "ready");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).as("no other file opened or created")
          .containsExactly(odd.getFileName().toString());
    }
  }

  @Test
  void missingDatabaseFailsTheStartAndLeavesNoSocketBehind() throws Exception {
    Path socketDir = TestRelay.newSocketDir();
    Path socket = socketDir.resolve("events.sock");
    Path missing = dir.resolve("no-such.db");
    try {
      CoreConfig config = CoreConfig.defaults(socket, RelayConfig.defaults().withPort(0)).withPipelineDb(missing);
      assertThatThrownBy(() -> RelayCore.start(config).close())
          .isInstanceOf(SQLException.class)
          .hasMessageContaining(missing.toString());
      assertThat(Files.exists(socket, LinkOption.NOFOLLOW_LINKS)).isFalse();
      assertThat(Files.exists(missing)).as("a missing database is not created").isFalse();
    } finally {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(socketDir);
    }
  }

  @Test
  void databaseWithoutTheTableFailsTheStart() throws Exception {
    sql("CREATE TABLE something_else (x INTEGER)");
    Path socketDir = TestRelay.newSocketDir();
    Path socket = socketDir.resolve("events.sock");
    try {
      CoreConfig config = CoreConfig.defaults(socket, RelayConfig.defaults().withPort(0)).withPipelineDb(db);
      assertThatThrownBy(() -> RelayCore.start(config).close())
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("machine_state");
      assertThat(Files.exists(socket, LinkOption.NOFOLLOW_LINKS)).isFalse();
    } finally {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(socketDir);
    }
  }
}
