package io.relayscope.export;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The analysis a JSON export carries beside its facts: the same one the report, the figure and the
 * console render. {@code incidents}: one per client episode that touches the window —
 * {@code client, run, start_ms, end_ms} (null while open), {@code states} it reached, {@code outcome}
 * ({@code recovered}, {@code evicted}, {@code closed by keepalive}, {@code disconnected},
 * {@code closed by client}, {@code closed}, {@code open}) and {@code close_code} (null unless closed).
 * Blips (LAGGING under a second, recovered by itself) are not incidents: {@link ClientIncident#counts}.
 * {@code relay_pauses}: the relay's own pauses, blamed on no client. {@code clients}: each client's
 * life and what it got.
 */
final class AnalysisJson {
  private AnalysisJson() {}

  static ObjectNode of(IncidentAnalysis a) {
    var json = JsonNodeFactory.instance;
    ObjectNode root = json.objectNode();
    var incidents = root.putArray("incidents");
    var clients = root.putArray("clients");
    for (ClientIncident ci : a.incidents()) {
      ObjectNode i = incidents.addObject();
      i.put("client", ci.label());
      i.put("run", ci.run());
      i.put("start_ms", ci.startMillis());
      if (ci.open()) i.putNull("end_ms"); else i.put("end_ms", ci.endMillis());
      var states = i.putArray("states");
      ci.states().forEach(states::add);
      i.put("outcome", ci.outcome());
      if (ci.closeCode() >= 0) i.put("close_code", ci.closeCode()); else i.putNull("close_code");
    }
    var pauses = root.putArray("relay_pauses");
    for (var p : a.relayPauses()) {
      ObjectNode o = pauses.addObject();
      o.put("run", p.run().id());
      o.put("start_ms", IncidentAnalysis.num(p, "since_ms"));
      o.put("paused_ms", IncidentAnalysis.dbl(p, "paused_ms"));
      o.put("clients", IncidentAnalysis.num(p, "clients"));
    }
    for (IncidentAnalysis.ClientTimeline c : a.clients()) {
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
      o.put("incidents", a.incidents().stream().filter(i -> i.run().equals(c.key().run()) && i.clientId().equals(c.id())).count());
    }
    return root;
  }
}
