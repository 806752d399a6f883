package io.relayscope.ui.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.machines.MachineDefinition;
import io.relayscope.machines.MachineDefinitions;
import io.relayscope.machines.MachineSnapshot;
import io.relayscope.machines.StateStats;
import io.relayscope.machines.TransitionStats;
import io.relayscope.ui.diagram.DiagramStructure.Edge;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the diagram shows, from a definition and what was seen live. */
class StructureBuilderTest {
  private static final MachineDefinition FACE = MachineDefinitions.builtIn().find("face_processor", null).orElseThrow();

  @Test
  void theDefinitionGivesStatesGroupsAndOneEdgePerPairOfStates() {
    DiagramStructure s = StructureBuilder.build(ElkDiagramLayoutTest.snapshot("face_processor", null, List.of()), FACE);
    assertThat(s.learned()).isFalse();
    assertThat(s.states()).extracting(DiagramStructure.State::name).containsExactlyElementsOf(FACE.states());
    assertThat(s.groups()).extracting(DiagramStructure.Group::name).containsExactlyElementsOf(FACE.groups().keySet());
    Edge toCropping = edge(s, "edge-waiting-cropping_faces");
    assertThat(toCropping.events()).containsExactly("new_job", "sdxl_job_done_relay");
    assertThat(toCropping.label()).isEqualTo("new_job\nsdxl_job_done_relay");
    // from: "*" is one edge from the marker per target, not one per state.
    assertThat(s.edges()).filteredOn(Edge::fromAny).extracting(Edge::id).containsExactly("edge-any-error_recovery", "edge-any-stopped");
    assertThat(s.edges()).allMatch(Edge::declared);
  }

  @Test
  void transitionsTheDefinitionAllowsAddNothingOthersAddDashedEdges() {
    var seen = List.of(
        new TransitionStats("waiting", "cropping_faces", "new_job", 3, 1),
        new TransitionStats("cropping_faces", "error_recovery", "error", 1, 1),
        new TransitionStats("waiting", "cropping_faces", "odd", 1, 1),
        new TransitionStats("waiting", "mystery", "odd", 1, 1));
    DiagramStructure declaredOnly = StructureBuilder.build(ElkDiagramLayoutTest.snapshot("face_processor", null, List.of()), FACE);
    DiagramStructure s = StructureBuilder.build(ElkDiagramLayoutTest.snapshot("face_processor", "mystery", seen), FACE);

    assertThat(s.edges()).hasSize(declaredOnly.edges().size() + 2);
    Edge beside = edge(s, "edge-waiting-cropping_faces-undeclared");
    assertThat(beside.declared()).isFalse();
    assertThat(beside.events()).containsExactly("odd");
    assertThat(edge(s, "edge-waiting-mystery").declared()).isFalse();
    assertThat(s.states()).filteredOn(st -> st.name().equals("mystery")).singleElement()
        .satisfies(st -> assertThat(st.declared()).isFalse());

    // Which edge lights up for a live transition.
    assertThat(s.edgeFor("waiting", "cropping_faces", "new_job").id()).isEqualTo("edge-waiting-cropping_faces");
    assertThat(s.edgeFor("waiting", "cropping_faces", "odd").id()).isEqualTo("edge-waiting-cropping_faces-undeclared");
    assertThat(s.edgeFor("detecting_faces", "error_recovery", "error").id()).isEqualTo("edge-any-error_recovery");
    assertThat(s.edgeFor("waiting", "finalizing", "x")).isNull();
  }

  @Test
  void withoutADefinitionTheDiagramIsLearned() {
    var m = new MachineSnapshot("controller", "controller", "idle", 1, 1, "state_change", false, 3,
        List.of(new StateStats("idle", 2, 10, 1), new StateStats("dispatching", 1, 10, 1)),
        List.of(new TransitionStats("idle", "dispatching", "job", 1, 1), new TransitionStats("dispatching", "idle", null, 1, 1)),
        null);
    DiagramStructure s = StructureBuilder.build(m, null);
    assertThat(s.learned()).isTrue();
    assertThat(s.groups()).isEmpty();
    assertThat(s.states()).extracting(DiagramStructure.State::name).containsExactly("idle", "dispatching");
    assertThat(s.edges()).extracting(Edge::id).containsExactly("edge-idle-dispatching", "edge-dispatching-idle");
    assertThat(edge(s, "edge-dispatching-idle").events()).containsExactly("?");
    assertThat(s.edges()).allMatch(Edge::declared);
    // Equal inputs, equal structures: the view relies on this to skip layouts.
    assertThat(StructureBuilder.build(m, null)).isEqualTo(s);
  }

  @Test
  void idsAreSafeInCssSelectors() {
    assertThat(new DiagramStructure.State("stage.two", null, true).id()).isEqualTo("state-stage_two");
    assertThat(DiagramStyles.id("group-", "MAIN LOOP")).isEqualTo("group-MAIN_LOOP");
  }

  private static Edge edge(DiagramStructure s, String id) {
    return s.edges().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no " + id));
  }
}
