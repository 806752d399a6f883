package io.relayscope.ui.diagram;

import io.relayscope.machines.MachineDefinition;
import io.relayscope.machines.MachineDefinitions;
import io.relayscope.machines.MachineSnapshot;
import io.relayscope.machines.TransitionStats;
import io.relayscope.ui.frame.ConsoleFrame;
import io.relayscope.ui.frame.FrameView;
import io.relayscope.ui.frame.Selection;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;

/**
 * The selected machine's state diagram: its definition's states, groups and transitions laid out
 * by ELK, the current state highlighted, the last transition lit, transitions the definition does
 * not allow dashed. A machine without a definition gets the diagram of what it was seen doing.
 *
 * <p>Frames arrive ten times a second; a frame only rebuilds the structure when the machine's
 * seen transitions or states may have changed, and lays out (off the FX thread) only when the
 * structure really did. Otherwise it moves a style class and lights an edge.
 */
public final class StateDiagramView implements FrameView {
  /** A transition older than this when its edge finally appears is not lit any more. */
  static final long FLASH_LATE_MILLIS = 2_000;

  private final MachineDefinitions definitions;
  /** The frame last rendered (null before the first): a newly selected machine is shown from it at once. */
  private final Supplier<ConsoleFrame> lastRendered;
  private final Selection selection;
  private final DiagramHeader header = new DiagramHeader();
  private final ZoomPane pane = new ZoomPane();
  private final Label hint = new Label();
  private final FxTextMeasure measure = new FxTextMeasure();
  private final BorderPane root = new BorderPane();
  private final LayoutScheduler layouts = new LayoutScheduler(this::install, this::layoutFailed);
  private final DiagramTooltips tooltips;

  /** The machine on screen and what its structure was derived from. */
  private String shown;
  private String configType;
  private int transitionCount = -1;
  private int stateCount = -1;
  private MachineSnapshot latest;
  private DiagramStructure requested;
  private RenderedDiagram rendered;
  private String currentState;
  private TransitionStats lastTransition;
  /** A transition whose edge is still being laid out; lit when the layout arrives. */
  private TransitionStats pendingFlash;
  private int layoutsRequested;

  public StateDiagramView(MachineDefinitions definitions, Supplier<ConsoleFrame> lastRendered, Selection selection) {
    this.definitions = definitions;
    this.lastRendered = lastRendered;
    this.selection = selection;
    this.tooltips = new DiagramTooltips(() -> latest);
    LayoutScheduler.warmUp();
    root.setId("state-diagram");
    root.getStyleClass().add(DiagramStyles.VIEW);
    hint.setId("diagram-hint");
    hint.getStyleClass().add("empty-hint");
    hint.setWrapText(true);
    pane.setId("diagram-pane");
    var center = new StackPane(pane, hint, measure.host());
    center.setMinSize(0, 0);
    root.setTop(header.node());
    root.setCenter(center);
    root.setMinSize(0, 0);
    showHint("Select a machine to see its state diagram.");
    // Show a newly selected machine now rather than at the next frame.
    selection.machineProperty().addListener((o, was, is) -> {
      ConsoleFrame last = lastRendered.get();
      if (last != null) render(last);
    });
  }

  public Node node() {
    return root;
  }

  @Override
  public void render(ConsoleFrame frame) {
    MachineSnapshot m = find(frame, selection.machine());
    if (m == null) {
      if (shown != null) forget();
      showHint(selection.machine() == null ? "Select a machine to see its state diagram."
          : "No events from " + selection.machine() + " yet.");
      return;
    }
    if (!m.name().equals(shown)) switchTo(m);
    latest = m;
    if (structureMayHaveChanged(m)) rebuildStructure(m);
    header.show(m, frame.takenAtMillis());
    if (!Objects.equals(m.currentState(), currentState)) {
      currentState = m.currentState();
      if (rendered != null) {
        rendered.setCurrent(currentState);
        pane.keepInView(rendered.currentBounds());
      }
    }
    if (!Objects.equals(m.lastTransition(), lastTransition)) {
      lastTransition = m.lastTransition();
      if (lastTransition != null) flash(lastTransition);
    }
    tooltips.refresh();
  }

  private static MachineSnapshot find(ConsoleFrame frame, String name) {
    if (name == null) return null;
    for (MachineSnapshot m : frame.machines()) {
      if (m.name().equals(name)) return m;
    }
    return null;
  }

  /** A different machine: nothing of the previous one's diagram or history carries over. */
  private void switchTo(MachineSnapshot m) {
    forget();
    shown = m.name();
    currentState = m.currentState();
    lastTransition = m.lastTransition(); // history, not news: do not light it
    header.node().setVisible(true);
    showHint("Laying out " + m.name() + "…");
  }

  private void forget() {
    layouts.cancel();
    shown = null;
    configType = null;
    transitionCount = -1;
    stateCount = -1;
    requested = null;
    header.structure(null);
    rendered = null;
    pendingFlash = null;
    latest = null;
    tooltips.clear();
    pane.show(null, 0, 0);
  }

  /** Seen transitions and states only ever grow, so their counts tell when to look again. */
  private boolean structureMayHaveChanged(MachineSnapshot m) {
    return !Objects.equals(m.configType(), configType) || m.transitions().size() != transitionCount
        || m.states().size() != stateCount;
  }

  private void rebuildStructure(MachineSnapshot m) {
    configType = m.configType();
    transitionCount = m.transitions().size();
    stateCount = m.states().size();
    MachineDefinition definition = definitions.find(m.configType(), m.name()).orElse(null);
    DiagramStructure structure = StructureBuilder.build(m, definition);
    if (structure.equals(requested)) return;
    requested = structure;
    header.structure(structure);
    if (structure.states().isEmpty()) {
      layouts.cancel();
      rendered = null;
      pane.show(null, 0, 0);
      showHint(m.name() + " has not reported a state yet.");
      return;
    }
    layoutsRequested++;
    measure.refreshStyles();
    layouts.request(structure, measure.snapshot(structure), pane.getWidth(), pane.getHeight());
  }

  /** FX thread: the newest layout is ready. */
  private void install(DiagramLayout layout) {
    rendered = new RenderedDiagram(layout, tooltips);
    rendered.setCurrent(currentState);
    pane.show(rendered.node(), layout.width(), layout.height());
    pane.keepInView(rendered.currentBounds());
    hint.setVisible(false);
    TransitionStats t = pendingFlash;
    pendingFlash = null;
    if (t != null && System.currentTimeMillis() - t.lastAtMillis() < FLASH_LATE_MILLIS) flash(t);
  }

  private void layoutFailed(Throwable e) {
    showHint("The diagram could not be laid out: " + e);
  }

  private void flash(TransitionStats t) {
    // The edge may belong to a structure still being laid out (a new undeclared transition).
    if (rendered == null || !rendered.structure().equals(requested)) {
      pendingFlash = t;
      return;
    }
    rendered.flash(t.from(), t.to(), t.event());
  }

  private void showHint(String text) {
    hint.setText(text);
    hint.setVisible(true);
    if (shown == null) header.node().setVisible(false);
  }

  /** Layouts asked for so far: tests check that frames alone never cause one. */
  int layoutsRequested() {
    return layoutsRequested;
  }
}
