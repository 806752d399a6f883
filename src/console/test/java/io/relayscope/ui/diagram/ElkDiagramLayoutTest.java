package io.relayscope.ui.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.machines.MachineDefinition;
import io.relayscope.machines.MachineDefinitions;
import io.relayscope.machines.MachineSnapshot;
import io.relayscope.machines.StateStats;
import io.relayscope.machines.TransitionStats;
import io.relayscope.ui.diagram.DiagramLayout.EdgeRoute;
import io.relayscope.ui.diagram.DiagramLayout.Point;
import io.relayscope.ui.diagram.DiagramLayout.Rect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The layout alone, without a toolkit: geometry that a reader can follow. */
class ElkDiagramLayoutTest {
  private static final MachineDefinition FACE = MachineDefinitions.builtIn().find("face_processor", null).orElseThrow();

  @Test
  void faceProcessorLaysOutWithGroupsAroundTheirStatesAndNoOverlaps() {
    var machine = snapshot("face_processor", "waiting",
        List.of(new TransitionStats("waiting", "resizing_images", "odd", 1, 1)));
    DiagramStructure structure = StructureBuilder.build(machine, FACE);
    List<Set<String>> folds = Fold.candidates(structure);
    assertThat(folds).as("the main loop is long enough to fold").hasSizeGreaterThan(1);
    for (Set<String> fold : folds) checkFaceProcessor(ElkDiagramLayout.layout(structure, TextMeasure.approximate(), fold));
  }

  @Test
  void aFoldDrawsTheLongLoopLargerInAWidePane() {
    var structure = StructureBuilder.build(snapshot("face_processor", "waiting", List.of()), FACE);
    var text = TextMeasure.approximate();
    DiagramLayout unfolded = ElkDiagramLayout.layout(structure, text);
    DiagramLayout chosen = LayoutChooser.best(structure, text, 1150, 370);
    assertThat(LayoutChooser.fitScale(chosen, 1150, 370)).isGreaterThan(1.2 * LayoutChooser.fitScale(unfolded, 1150, 370));
    // A machine that fits as it is stays unfolded.
    var small = StructureBuilder.build(snapshot("controller", "idle", List.of(new TransitionStats("idle", "busy", "go", 1, 1))), null);
    assertThat(Fold.candidates(small)).containsExactly(Set.of());
  }

  /** Odd machines (self loops, cycles, groups of one, "*" edges, undeclared states) lay out too. */
  @Test
  void randomMachinesLayOutWithEveryFold() {
    var random = new Random(42);
    for (int n = 0; n < 40; n++) {
      int count = 2 + random.nextInt(14);
      var states = new ArrayList<String>();
      for (int i = 0; i < count; i++) states.add("s" + i + "_" + "x".repeat(random.nextInt(12)));
      var groups = new LinkedHashMap<String, List<String>>();
      for (String st : states) {
        if (random.nextInt(3) > 0) groups.computeIfAbsent("G" + random.nextInt(4), k -> new ArrayList<>()).add(st);
      }
      var transitions = new ArrayList<MachineDefinition.Transition>();
      for (int i = 0; i + 1 < count; i++) transitions.add(new MachineDefinition.Transition(states.get(i), states.get(i + 1), "e" + i));
      for (int i = 0; i < count; i++) {
        String from = random.nextInt(8) == 0 ? "*" : states.get(random.nextInt(count));
        transitions.add(new MachineDefinition.Transition(from, states.get(random.nextInt(count)), "r" + i));
      }
      var def = new MachineDefinition("m" + n, "m" + n, "m" + n, states.get(0), states, groups, transitions);
      var seen = List.of(new TransitionStats(states.get(count - 1), "undeclared_state", "odd", 1, 1));
      DiagramStructure structure = StructureBuilder.build(snapshot("m" + n, states.get(0), seen), def);
      for (Set<String> fold : Fold.candidates(structure)) {
        DiagramLayout layout = ElkDiagramLayout.layout(structure, TextMeasure.approximate(), fold);
        assertThat(layout.states()).hasSize(structure.states().size());
        for (var g : layout.groups()) {
          for (String st : def.groups().get(g.name())) assertThat(g.rect().contains(layout.state(st).rect())).isTrue();
        }
        assertNoOverlaps(layout);
        assertEdgesConnect(layout);
      }
    }
  }

  private static void checkFaceProcessor(DiagramLayout layout) {
    assertThat(layout.states()).hasSize(FACE.states().size());
    assertThat(layout.groups()).extracting(DiagramLayout.GroupBox::name).containsExactlyElementsOf(FACE.groups().keySet());
    for (var g : layout.groups()) {
      for (String s : FACE.groups().get(g.name())) assertThat(g.rect().contains(layout.state(s).rect())).as(s + " in " + g.name()).isTrue();
      assertThat(g.rect().contains(g.label())).as("label of " + g.name()).isTrue();
    }
    assertNoOverlaps(layout);
    assertEdgesConnect(layout);
    assertThat(layout.marker()).as("one marker for the from: * transitions").isNotNull();
    assertThat(layout.edges()).filteredOn(e -> e.edge().fromAny()).extracting(e -> e.edge().to())
        .containsExactly("error_recovery", "stopped");
    assertThat(layout.edge("edge-waiting-resizing_images").edge().declared()).isFalse();
  }

  @Test
  void learnedMachineLaysOutItsSeenStates() {
    var machine = snapshot("controller", "dispatching", List.of(
        new TransitionStats("idle", "dispatching", "job", 2, 1),
        new TransitionStats("dispatching", "idle", "done", 1, 1)));
    DiagramLayout layout = ElkDiagramLayout.layout(StructureBuilder.build(machine, null), TextMeasure.approximate());

    assertThat(layout.structure().learned()).isTrue();
    assertThat(layout.states()).extracting(s -> s.state().name()).containsExactly("idle", "dispatching");
    assertThat(layout.groups()).isEmpty();
    assertThat(layout.marker()).isNull();
    assertNoOverlaps(layout);
    assertEdgesConnect(layout);
  }

  private static void assertNoOverlaps(DiagramLayout layout) {
    var boxes = new ArrayList<Rect>();
    layout.states().forEach(s -> boxes.add(s.rect()));
    if (layout.marker() != null) boxes.add(layout.marker());
    var labels = layout.edges().stream().map(EdgeRoute::label).toList();
    for (int i = 0; i < boxes.size(); i++) {
      for (int j = i + 1; j < boxes.size(); j++) assertThat(boxes.get(i).intersects(boxes.get(j))).as(i + " vs " + j).isFalse();
      for (Rect l : labels) assertThat(boxes.get(i).intersects(l)).as("label " + l + " over node " + boxes.get(i)).isFalse();
    }
    for (int i = 0; i < labels.size(); i++) {
      for (int j = i + 1; j < labels.size(); j++) assertThat(labels.get(i).intersects(labels.get(j))).as("labels " + i + ", " + j).isFalse();
    }
    for (int i = 0; i < layout.groups().size(); i++) {
      for (int j = i + 1; j < layout.groups().size(); j++) {
        assertThat(layout.groups().get(i).rect().intersects(layout.groups().get(j).rect())).isFalse();
      }
    }
    for (Rect r : boxes) assertThat(new Rect(0, 0, layout.width(), layout.height()).contains(r)).isTrue();
  }

  /** Every route starts on its source's border and ends on its target's. */
  private static void assertEdgesConnect(DiagramLayout layout) {
    for (EdgeRoute e : layout.edges()) {
      assertThat(e.points()).hasSizeGreaterThanOrEqualTo(2);
      Rect from = e.edge().fromAny() ? layout.marker() : layout.state(e.edge().from()).rect();
      Rect to = layout.state(e.edge().to()).rect();
      assertThat(onBorder(from, e.points().get(0))).as(e.edge().id() + " starts at " + e.points().get(0) + " on " + from).isTrue();
      assertThat(onBorder(to, e.points().get(e.points().size() - 1))).as(e.edge().id() + " ends on " + to).isTrue();
    }
  }

  private static boolean onBorder(Rect r, Point p) {
    double eps = 1.5;
    boolean insideX = p.x() >= r.x() - eps && p.x() <= r.x() + r.width() + eps;
    boolean insideY = p.y() >= r.y() - eps && p.y() <= r.y() + r.height() + eps;
    boolean nearX = Math.abs(p.x() - r.x()) < eps || Math.abs(p.x() - r.x() - r.width()) < eps;
    boolean nearY = Math.abs(p.y() - r.y()) < eps || Math.abs(p.y() - r.y() - r.height()) < eps;
    return insideX && insideY && (nearX || nearY);
  }

  static MachineSnapshot snapshot(String name, String current, List<TransitionStats> transitions) {
    var states = new ArrayList<StateStats>();
    for (TransitionStats t : transitions) {
      if (states.stream().noneMatch(s -> s.state().equals(t.from()))) states.add(new StateStats(t.from(), 1, 10, 1));
      if (states.stream().noneMatch(s -> s.state().equals(t.to()))) states.add(new StateStats(t.to(), 1, 10, 1));
    }
    return new MachineSnapshot(name, name, current, 1, 1, "state_change", false, transitions.size(), states, transitions,
        transitions.isEmpty() ? null : transitions.get(transitions.size() - 1));
  }

}
