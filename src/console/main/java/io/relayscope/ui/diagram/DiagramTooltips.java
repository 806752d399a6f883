package io.relayscope.ui.diagram;

import io.relayscope.machines.MachineSnapshot;
import io.relayscope.machines.StateStats;
import io.relayscope.machines.TransitionStats;
import io.relayscope.ui.fx.Format;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;

/**
 * Tooltips for states and edges. Their text is written when a tooltip shows, and rewritten each
 * frame only while it shows, so the statistics cost nothing for tooltips nobody looks at.
 */
final class DiagramTooltips {
  private final Supplier<MachineSnapshot> machine;
  private final List<Runnable> showing = new ArrayList<>();

  /** {@code machine} gives the newest snapshot of the machine on screen. */
  DiagramTooltips(Supplier<MachineSnapshot> machine) {
    this.machine = machine;
  }

  void installState(Node node, DiagramStructure.State state) {
    install(node, () -> stateText(state, machine.get(), System.currentTimeMillis()));
  }

  void installEdge(Node node, DiagramStructure.Edge edge) {
    install(node, () -> edgeText(edge, machine.get()));
  }

  void installMarker(Node node) {
    Tooltip t = tooltip();
    t.setText("Transitions declared with from: \"*\" — allowed from any state");
    Tooltip.install(node, t);
  }

  /** The diagram was replaced: its tooltips are gone with it. */
  void clear() {
    showing.clear();
  }

  /** Each frame: brings the tooltips on screen up to date. */
  void refresh() {
    for (Runnable r : showing) r.run();
  }

  private void install(Node node, Supplier<String> text) {
    Tooltip t = tooltip();
    Runnable update = () -> t.setText(text.get());
    t.setOnShowing(e -> {
      update.run();
      showing.add(update);
    });
    t.setOnHidden(e -> showing.remove(update));
    Tooltip.install(node, t);
  }

  private static Tooltip tooltip() {
    Tooltip t = new Tooltip();
    t.setShowDelay(Duration.millis(300));
    t.setShowDuration(Duration.INDEFINITE);
    return t;
  }

  static String stateText(DiagramStructure.State state, MachineSnapshot m, long nowMillis) {
    var sb = new StringBuilder(state.name());
    if (state.group() != null) sb.append("  ·  ").append(state.group());
    if (!state.declared()) sb.append("\nNot in the machine's definition");
    StateStats stats = m == null ? null : m.states().stream().filter(s -> s.state().equals(state.name())).findFirst().orElse(null);
    boolean current = m != null && state.name().equals(m.currentState());
    if (stats == null) return sb.append("\nNot visited yet").toString();
    // Closed visits are in totalMillis; the visit in progress counts too.
    long spent = stats.totalMillis() + (current ? m.millisInState(nowMillis) : 0);
    sb.append("\nVisits: ").append(Format.count(stats.visits()));
    sb.append("\nTime spent: ").append(Format.millis(spent));
    sb.append("\nLast entered: ").append(Format.time(stats.lastEnteredMillis()));
    if (current) sb.append("\nCurrent state, for ").append(Format.duration(m.millisInState(nowMillis)));
    return sb.toString();
  }

  static String edgeText(DiagramStructure.Edge edge, MachineSnapshot m) {
    String from = edge.fromAny() ? "any state" : edge.from();
    var sb = new StringBuilder(from).append(" → ").append(edge.to());
    sb.append("\nOn: ").append(String.join(", ", edge.events()));
    if (!edge.declared()) sb.append("\nSeen live, not in the machine's definition");
    long count = 0;
    long last = 0;
    if (m != null) {
      for (TransitionStats t : m.transitions()) {
        if (t.to().equals(edge.to()) && (edge.fromAny() || edge.from().equals(t.from()))
            && edge.events().contains(DiagramStructure.eventLabel(t.event()))) {
          count += t.count();
          last = Math.max(last, t.lastAtMillis());
        }
      }
    }
    sb.append("\nSeen: ").append(count == 0 ? "never" : Format.count(count) + "×, last at " + Format.time(last));
    return sb.toString();
  }
}
