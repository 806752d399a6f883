package io.relayscope.machines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * Reads upstream's {@code machine_state} table (read-only) so machines that registered before the
 * relay started appear in {@code initial}, as they do with upstream's relay.
 */
public final class PipelineDbSeed {
  private static final DateTimeFormatter SQLITE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private PipelineDbSeed() {}

  public static List<MachineState> read(Path db) throws SQLException {
    if (!Files.isReadable(db)) {
      throw new SQLException("pipeline database not readable: " + db);
    }
    // A URI filename: '%', '?' and '#' in the path must be escaped or SQLite opens another file.
    String path = db.toAbsolutePath().toString().replace("%", "%25").replace("?", "%3F").replace("#", "%23");
    String url = "jdbc:sqlite:file:" + path + "?mode=ro";
    var config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection c = DriverManager.getConnection(url, config.toProperties());
        var st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM machine_state ORDER BY machine_name")) {
      Set<String> columns = new HashSet<>();
      var meta = rs.getMetaData();
      for (int i = 1; i <= meta.getColumnCount(); i++) columns.add(meta.getColumnName(i).toLowerCase());
      var out = new ArrayList<MachineState>();
      while (rs.next()) {
        String lastActivity = columns.contains("last_activity") ? rs.getString("last_activity") : null;
        out.add(
            new MachineState(
                rs.getString("machine_name"),
                columns.contains("current_state") ? rs.getString("current_state") : null,
                lastActivity,
                parseMillis(lastActivity),
                columns.contains("metadata") ? rs.getString("metadata") : null,
                columns.contains("config_type") ? rs.getString("config_type") : null,
                false));
      }
      return out;
    }
  }

  private static long parseMillis(String sqliteTime) {
    if (sqliteTime == null) return 0;
    try {
      String s = sqliteTime.length() > 19 ? sqliteTime.substring(0, 19) : sqliteTime;
      return LocalDateTime.parse(s.replace('T', ' '), SQLITE_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
