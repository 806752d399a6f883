package io.relayscope.ui.charts;

import io.relayscope.metrics.ClientStats;
import io.relayscope.ui.clients.CloseCodeText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The one legend for every per-client chart: a colour swatch, id and remote address per client. */
final class ClientLegend {
  private final VBox entries = new VBox(3);
  private final ScrollPane root = new ScrollPane(entries);
  private final Label empty = new Label("No WebSocket client connected: the per-client charts are empty.");
  private List<String> shown = List.of();

  ClientLegend() {
    entries.setId("charts-legend");
    entries.getStyleClass().add("chart-legend-list");
    entries.setPadding(new Insets(6, 8, 6, 8));
    empty.getStyleClass().add("empty-hint");
    empty.setWrapText(true);
    root.setFitToWidth(true);
    root.getStyleClass().add("chart-legend");
    entries.getChildren().setAll(title(), empty);
  }

  Node node() {
    return root;
  }

  /** Rebuilds the entries only when the set of clients changed. */
  void show(List<ClientStats> clients, Map<String, Integer> closed, ClientPalette palette, int notCharted) {
    var ids = new ArrayList<String>();
    for (ClientStats c : clients) ids.add(c.id() + (closed.containsKey(c.id()) ? " closed " + closed.get(c.id()) : ""));
    if (notCharted > 0) ids.add("+" + notCharted);
    if (ids.equals(shown)) return;
    shown = ids;
    var nodes = new ArrayList<Node>();
    nodes.add(title());
    if (clients.isEmpty()) nodes.add(empty);
    for (ClientStats c : clients) {
      var swatch = new Region();
      swatch.getStyleClass().addAll("legend-swatch", palette.styleClass(c.id()));
      boolean gone = closed.containsKey(c.id());
      int code = gone ? closed.get(c.id()) : -1;
      var l = new Label(c.id() + "  " + c.remoteAddress() + (c.userAgent().isEmpty() ? "" : "  " + c.userAgent())
          + (gone ? "  (closed" + (code > 0 ? " " + code : "") + ")" : ""), swatch);
      if (gone && code > 0) l.setTooltip(new Tooltip(CloseCodeText.meaning(code)));
      l.getStyleClass().add("legend-entry");
      l.setWrapText(true); // a long user agent wraps in the narrow legend, not cut
      if (gone) {
        l.getStyleClass().add("legend-closed");
        swatch.getStyleClass().add("legend-swatch-closed");
      }
      l.setId("legend-" + c.id());
      nodes.add(l);
    }
    if (notCharted > 0) {
      var more = new Label("+" + notCharted + " more not charted (first " + clients.size() + " shown)");
      more.getStyleClass().add("muted");
      nodes.add(more);
    }
    entries.getChildren().setAll(nodes);
  }

  private static Label title() {
    var t = new Label("Clients");
    t.getStyleClass().add("section-title");
    return t;
  }
}
