package io.relayscope.export;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The analysis a JSON export carries beside its facts: the same one the report, the figure and the
 * console render. {@code incidents}: one per client episode that touches the window —
 * {@code client, run, start_ms, end_ms} (null while open), {@code states} it reached, {@code outcome}
 * ({@code recovered}, {@code evicted}, {@code closed by keepalive}, {@code disconnected},
 * {@code closed by client}, {@code closed}, {@code open}) and {@code close_code} (null unless closed).
 * {@code clients}: each client's life and what it got.
 */
final class AnalysisJson {
  private AnalysisJson() {}

  static ObjectNode of(IncidentAnalysis a) {
    var json = JsonNodeFactory.instance;
    ObjectNode root = json.objectNode();
    var incidents = root.putArray("incidents");
    var clients = root.putArray("clients");
    for (IncidentAnalysis.ClientTimeline c : a.clients()) {
      for (Block b : c.blocks()) {
        if (b.endMillis() < a.fromMillis() || b.startMillis() >= a.toMillis()) continue;
        ObjectNode i = incidents.addObject();
        i.put("client", c.label());
        i.put("run", c.key().run());
        i.put("start_ms", b.startMillis());
        if (b.open()) i.putNull("end_ms"); else i.put("end_ms", b.endMillis());
        var states = i.putArray("states");
        if (b.slowAtMillis() >= 0) states.add(ClientWords.LAGGING);
        if (b.stalled()) states.add(ClientWords.NOT_READING);
        String outcome = outcome(b, c);
        i.put("outcome", outcome);
        if ("closed".equals(b.endedBy()) || "evicted".equals(b.endedBy())) i.put("close_code", c.code() > 0 ? c.code() : 4008);
        else i.putNull("close_code");
      }
      ObjectNode o = clients.addObject();
      o.put("client", c.label());
      o.put("run", c.key().run());
      o.put("connected_ms", c.connectedAtMillis());
      o.put("end_ms", c.endMillis());
      o.put("end", c.end());
      if (c.code() >= 0) o.put("close_code", c.code()); else o.putNull("close_code");
      o.put("lost", c.lost());
      o.put("should_have_got", c.shouldHaveGot());
      o.put("got", c.got());
      o.put("missed", c.missed());
      o.put("pending", c.pending());
      o.put("incidents", c.blocks().size());
    }
    return root;
  }

  private static String outcome(Block b, IncidentAnalysis.ClientTimeline c) {
    if (b.open()) return "open";
    return switch (b.endedBy()) {
      case "recovered" -> "recovered";
      case "evicted" -> "evicted";
      default -> switch ((int) c.code()) {
        case 4008 -> "evicted";
        case 4009 -> "closed by keepalive";
        case 4010 -> "disconnected";
        default -> c.closed() != null && Boolean.TRUE.equals(c.closed().fields().get("by_client")) ? "closed by client" : "closed";
      };
    };
  }
}
