package io.relayscope.ui.diagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.machines.MachineDefinitions;
import io.relayscope.machines.MachineSnapshot;
import io.relayscope.support.EventSender;
import io.relayscope.ui.ConsoleExtension;
import io.relayscope.ui.ConsoleHarness;
import io.relayscope.ui.Picture;
import io.relayscope.ui.frame.ConsoleFrame;
import io.relayscope.ui.frame.Selection;
import io.relayscope.ui.theme.Theme;
import java.time.Duration;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The diagram in the real console, fed by real datagrams through a real relay. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StateDiagramViewTest {
  @RegisterExtension
  static final ConsoleExtension console = ConsoleExtension.onDefaultRelay();
  private static EventSender sender;

  @BeforeAll
  static void start() throws Exception {
    sender = console.relay().sender();
  }

  @AfterAll
  static void stop() throws Exception {
    sender.close();
  }

  @Test
  @Order(1)
  void aStateChangeMovesTheHighlightAndLightsTheEdge() throws Exception {
    // Before any machine has spoken: a hint, no header.
    assertThat(text("#diagram-hint")).isEqualTo("Select a machine to see its state diagram.");
    assertThat(lookup("#diagram-hint").isVisible()).isTrue();
    assertThat(lookup("#diagram-header").isVisible()).isFalse();

    sender.send(EventSender.registered("face_processor", "face_processor", "waiting"));
    await().until(() -> isCurrent("waiting"));

    sender.send(EventSender.stateChange("face_processor", "waiting", "cropping_faces", "new_job"));
    await().until(() -> isCurrent("cropping_faces"));
    assertThat(isCurrent("waiting")).isFalse();
    // The transition's edge lights up, then fades away.
    await().atMost(Duration.ofSeconds(2)).until(() -> lookup("#flash-edge-waiting-cropping_faces") != null);
    await().atMost(Duration.ofSeconds(5)).until(() -> lookup("#flash-edge-waiting-cropping_faces") == null);
    assertThat(text("#diagram-machine")).isEqualTo("face_processor");
    assertThat(text("#diagram-config")).isEqualTo("face_processor");
    assertThat(text("#diagram-current")).isEqualTo("cropping_faces");
    assertThat(text("#diagram-time")).startsWith("for ");
  }

  @Test
  @Order(2)
  void theDefinitionsGroupsAreContainersAroundTheirStates() throws Exception {
    await().until(() -> lookup("#state-cropping_faces") != null);
    for (var group : MachineDefinitions.builtIn().find("face_processor", null).orElseThrow().groups().entrySet()) {
      Node frame = lookup("#group-" + group.getKey().replace(' ', '_'));
      assertThat(frame).as(group.getKey()).isNotNull();
      assertThat(frame.getStyleClass()).contains("diagram-group");
      for (String state : group.getValue()) {
        Node node = lookup("#state-" + state);
        var inGroup = ConsoleHarness.onFx(() -> frame.getBoundsInParent().contains(node.getBoundsInParent()));
        assertThat(inGroup).as(state + " inside " + group.getKey()).isTrue();
      }
    }
    // "from: *" transitions start once, from the marker, not from every state.
    assertThat(lookup("#any-state")).isNotNull();
    assertThat(lookup("#edge-any-error_recovery")).isNotNull();
    assertThat(lookup("#edge-any-stopped")).isNotNull();
    assertThat(lookup("#edge-waiting-error_recovery")).isNull();
  }

  @Test
  @Order(3)
  void aTransitionTheDefinitionLacksIsDashed() throws Exception {
    // Declared, through "from: *" and then explicitly: no new edges.
    sender.send(EventSender.stateChange("face_processor", "cropping_faces", "error_recovery", "error"));
    sender.send(EventSender.stateChange("face_processor", "error_recovery", "waiting", "recovered"));
    await().until(() -> isCurrent("waiting"));
    assertThat(lookup("#edge-waiting-resizing_images")).isNull();

    sender.send(EventSender.stateChange("face_processor", "waiting", "resizing_images", "odd"));
    await().until(() -> lookup("#edge-waiting-resizing_images") != null);
    assertThat(lookup("#edge-waiting-resizing_images").getStyleClass()).contains("edge-undeclared");
    assertThat(lookup("#edge-waiting-cropping_faces").getStyleClass()).doesNotContain("edge-undeclared");
    await().until(() -> isCurrent("resizing_images"));
    assertThat(text("#diagram-note")).contains("1 transition not in the definition");
    assertThat(lookup("#edge-cropping_faces-error_recovery")).isNull();
  }

  @Test
  @Order(4)
  void screenshotsInBothThemes() throws Exception {
    // Let the earlier lights fade, so the dashed edge shows as it stays; then light one edge.
    await().atMost(Duration.ofSeconds(5)).until(() -> lookup(".edge-flash") == null);
    sender.send(EventSender.stateChange("face_processor", "resizing_images", "finalizing", "resize_complete"));
    await().until(() -> isCurrent("finalizing"));
    Node diagram = lookup("#state-diagram");
    var light = Picture.take("diagram-face_processor-light", diagram, StateDiagramViewTest::states).assertAllDrawn().file();
    // The diagram itself, unscaled (a snapshot ignores the pane's fit): to check at full size that
    // no text is clipped. Light only: a bare snapshot has a white background.
    ConsoleHarness.screenshot("diagram-face_processor-full-light", lookup("#diagram-content"));
    ConsoleHarness.onFx(() -> {
      console.window().setTheme(Theme.DARK);
      return null;
    });
    var dark = Picture.take("diagram-face_processor-dark", diagram, StateDiagramViewTest::states).assertAllDrawn().file();
    ConsoleHarness.onFx(() -> {
      console.window().setTheme(Theme.LIGHT);
      return null;
    });
    // The dark theme really applies: the same diagram reads far darker.
    assertThat(ConsoleHarness.meanLuminance(dark)).isLessThan(ConsoleHarness.meanLuminance(light) - 0.3);
  }

  @Test
  @Order(5)
  void aMachineWithoutDefinitionGetsALearnedDiagram() throws Exception {
    sender.send(EventSender.registered("controller", "controller", "idle"));
    sender.send(EventSender.stateChange("controller", "idle", "dispatching", "job_queued"));
    sender.send(EventSender.stateChange("controller", "dispatching", "awaiting_face", "dispatched"));
    sender.send(EventSender.stateChange("controller", "awaiting_face", "idle", "face_job_done"));
    await().until(() -> console.relay().core.machines().snapshots().stream()
        .anyMatch(m -> m.name().equals("controller") && m.transitions().size() == 3));
    // As an operator does: pick it in the machines list once it is listed.
    await().until(() -> ConsoleHarness.onFx(() -> machines().getItems().contains("controller")));
    ConsoleHarness.onFx(() -> {
      machines().getSelectionModel().select("controller");
      return null;
    });
    await().until(() -> lookup("#state-awaiting_face") != null && isCurrent("idle"));
    for (String s : List.of("idle", "dispatching", "awaiting_face")) assertThat(lookup("#state-" + s)).as(s).isNotNull();
    assertThat(lookup("#edge-idle-dispatching")).isNotNull();
    assertThat(lookup("#edge-idle-dispatching").getStyleClass()).doesNotContain("edge-undeclared");
    assertThat(lookup("#state-cropping_faces")).isNull();
    assertThat(lookup(".diagram-group")).isNull();
    assertThat(text("#diagram-machine")).isEqualTo("controller");
    assertThat(text("#diagram-note")).contains("learned");
    ConsoleHarness.screenshot("diagram-controller-learned-light", lookup("#state-diagram"));
    ConsoleHarness.onFx(() -> {
      console.window().setTheme(Theme.DARK);
      return null;
    });
    ConsoleHarness.screenshot("diagram-controller-learned-dark", lookup("#state-diagram"));
    ConsoleHarness.onFx(() -> {
      console.window().setTheme(Theme.LIGHT);
      machines().getSelectionModel().select("face_processor");
      return null;
    });
    await().until(() -> "face_processor".equals(text("#diagram-machine")) && lookup("#state-cropping_faces") != null);
  }

  @Test
  @Order(6)
  void framesWithoutNewsNeverLayOutAgain() throws Exception {
    var selection = new Selection();
    var view = ConsoleHarness.onFx(() -> new StateDiagramView(MachineDefinitions.builtIn(), () -> null, selection));
    MachineSnapshot face = console.relay().core.machines().snapshots().stream()
        .filter(m -> m.name().equals("face_processor")).findFirst().orElseThrow();
    var frame = new ConsoleFrame(System.currentTimeMillis(), null, List.of(face), List.of(), 0);
    ConsoleHarness.onFx(() -> {
      selection.machineProperty().set("face_processor");
      for (int i = 0; i < 50; i++) view.render(frame);
      return null;
    });
    assertThat(ConsoleHarness.onFx(view::layoutsRequested)).isEqualTo(1);

    // A newer snapshot with the same structure (another visit of a known edge) is no reason either.
    var again = new MachineSnapshot(face.name(), face.configType(), "cropping_faces", face.stateEnteredAtMillis() + 1,
        face.lastActivityMillis() + 1, "state_change", false, face.events() + 1, face.states(), face.transitions(),
        face.lastTransition());
    ConsoleHarness.onFx(() -> {
      for (int i = 0; i < 50; i++) view.render(new ConsoleFrame(System.currentTimeMillis(), null, List.of(again), List.of(), 0));
      return null;
    });
    assertThat(ConsoleHarness.onFx(view::layoutsRequested)).isEqualTo(1);
  }

  @Test
  @Order(7)
  void theWheelZoomsAndADoubleClickFitsAgain() throws Exception {
    ZoomPane pane = (ZoomPane) lookup("#diagram-pane");
    double fit = ConsoleHarness.onFx(pane::scale);
    assertThat(fit).isLessThanOrEqualTo(1);
    ConsoleHarness.onFx(() -> {
      pane.fireEvent(new ScrollEvent(ScrollEvent.SCROLL, 200, 100, 200, 100, false, false, false, false, false, false,
          0, 300, 0, 300, ScrollEvent.HorizontalTextScrollUnits.NONE, 0, ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null));
      return null;
    });
    assertThat(ConsoleHarness.onFx(pane::scale)).isGreaterThan(fit * 1.5);
    ConsoleHarness.onFx(() -> {
      pane.fireEvent(new MouseEvent(MouseEvent.MOUSE_CLICKED, 200, 100, 200, 100, MouseButton.PRIMARY, 2, false, false,
          false, false, true, false, false, false, false, true, null));
      return null;
    });
    assertThat(ConsoleHarness.onFx(pane::scale)).isEqualTo(fit);
  }

  @SuppressWarnings("unchecked")
  private static ListView<String> machines() {
    return (ListView<String>) console.scene().lookup("#machines-list");
  }

  /** What a picture of the diagram must show drawn: its states' boxes and names, the current one too. */
  private static void states(Picture.Parts parts) {
    for (String state : List.of("waiting", "cropping_faces", "resizing_images", "finalizing")) {
      parts.add("state " + state, console.scene().lookup("#state-" + state));
    }
  }

  private static Node lookup(String selector) throws Exception {
    return ConsoleHarness.onFx(() -> console.scene().lookup(selector));
  }

  private static String text(String selector) throws Exception {
    return ConsoleHarness.onFx(() -> {
      Node n = console.scene().lookup(selector);
      return n instanceof Label l ? l.getText() : null;
    });
  }

  private static boolean isCurrent(String state) throws Exception {
    return ConsoleHarness.onFx(() -> {
      Node n = console.scene().lookup("#state-" + state);
      return n != null && n.getStyleClass().contains("state-current");
    });
  }
}
