package io.relayscope.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relayscope.journal.FactCodec;
import io.relayscope.journal.JournalReader.Loaded.RunFact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON export (schema in docs/journal.md): a header and every fact of the window, each with its
 * run. It reads back to the same facts.
 */
public final class JsonExport {
  public static final String FORMAT = "relayscope-journal-export";
  /**
   * 3: client flags are {@code CLIENT_LAGGING} / {@code CLIENT_NOT_READING} (2 said {@code CLIENT_SLOW} /
   * {@code CLIENT_STALLED}: a reader of 2 would refuse the new names, so it is told the file is newer);
   * 2: each fact carries its run as {@code run} (id) and {@code run_started}; 1 had the run's file name.
   */
  public static final int VERSION = 3;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonExport() {}

  /** With {@code analysis} (null: none) beside the facts: what every other rendering of the window shows. */
  public static String write(List<RunFact> facts, long fromMillis, long toMillis, IncidentAnalysis analysis) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("from", fromMillis);
    root.put("to", toMillis);
    ArrayNode list = root.putArray("facts");
    for (RunFact rf : facts) {
      ObjectNode f = (ObjectNode) JSON.readTree(FactCodec.encode(rf.fact()));
      if (!f.has("run")) {
        ObjectNode withRun = JSON.createObjectNode();
        withRun.put("run", rf.run());
        withRun.setAll(f);
        f = withRun;
      }
      list.add(f);
    }
    if (analysis != null) root.set("analysis", AnalysisJson.of(analysis));
    return JSON.writeValueAsString(root);
  }

  /** Reads an export back; the message says what is wrong with a file that is not one. */
  public static List<RunFact> read(Path file) throws IOException {
    JsonNode root = JSON.readTree(Files.readString(file));
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new IOException(file + " is not a Relayscope journal export");
    }
    if (root.path("version").asInt() > VERSION) throw new IOException(file + " is from a newer Relayscope (version " + root.path("version").asInt() + ")");
    var out = new ArrayList<RunFact>();
    for (JsonNode f : root.path("facts")) {
      out.add(new RunFact(FactCodec.decode(JSON.writeValueAsString(f))));
    }
    return out;
  }
}
