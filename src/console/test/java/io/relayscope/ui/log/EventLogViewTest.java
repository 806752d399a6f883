package io.relayscope.ui.log;

import static io.relayscope.ui.ConsoleHarness.onFx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.support.EventSender;
import io.relayscope.ui.ConsoleExtension;
import io.relayscope.ui.ConsoleHarness;
import io.relayscope.ui.Picture;
import io.relayscope.ui.theme.Theme;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.Tab;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.Clipboard;
import org.controlsfx.control.CheckComboBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;

/** The event log tab on a real relay: datagrams in through the real socket, rows out. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventLogViewTest {
  @RegisterExtension
  static final ConsoleExtension console = ConsoleExtension.onDefaultRelay();
  private static EventSender sender;

  @BeforeAll
  static void start() throws Exception {
    sender = console.relay().sender();
    onFx(() -> {
      Tab log = console.window().tabs().getTabs().stream().filter(t -> "log-tab".equals(t.getId())).findFirst().orElseThrow();
      console.window().tabs().getSelectionModel().select(log);
      return null;
    });
  }

  @AfterAll
  static void stop() throws Exception {
    sender.close();
  }

  @AfterEach
  void clearFiltersAndFollow() throws Exception {
    onFx(() -> {
      machineFilter().setValue(LogFilterBar.ALL_MACHINES);
      typeFilter().getCheckModel().checkAll();
      textFilter().setText("");
      var follow = (CheckBox) console.scene().lookup("#log-follow-selection");
      if (follow.isSelected()) follow.setSelected(false);
      if (notice().isVisible()) notice().fire();
      return null;
    });
  }

  @Test
  void eventsAppearInOrderWithTheirSummaries() throws Exception {
    sender.send(EventSender.registered("ordered", "face_processor", "waiting"));
    sender.send(EventSender.stateChange("ordered", "waiting", "cropping_faces", "new_job"));
    sender.send(activity("ordered", "info", "cropped 3 faces"));
    sender.send(EventSender.stateChange("ordered", "cropping_faces", "waiting", "done"));

    await().until(() -> rowsOf("ordered").size() == 4);
    List<LogEntry> rows = rowsOf("ordered");
    assertThat(rows).extracting(LogEntry::summary).containsExactly(
        "registered as face_processor in waiting",
        "waiting → cropping_faces (new_job)",
        "[info] cropped 3 faces",
        "cropping_faces → waiting (done)");
    assertThat(rows).extracting(LogEntry::type)
        .containsExactly("machine_registered", "state_change", "activity_log", "state_change");
    assertThat(rows).extracting(LogEntry::seq).isSorted().doesNotHaveDuplicates();
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.bytes()).isPositive();
      assertThat(r.atMillis()).isPositive();
    });
  }

  @Test
  void machineTypeAndTextFiltersNarrowTheRows() throws Exception {
    for (int i = 0; i < 3; i++) {
      sender.send(EventSender.stateChange("filter_a", "s" + i, "s" + (i + 1), "go"));
      sender.send(EventSender.stateChange("filter_b", "s" + i, "s" + (i + 1), "go"));
      sender.send(activity("filter_b", "info", "line " + i + (i == 1 ? " needle" : "")));
    }
    await().until(() -> rowsOf("filter_a").size() == 3 && rowsOf("filter_b").size() == 6);

    onFx(() -> {
      machineFilter().setValue("filter_b");
      return null;
    });
    assertThat(shownEvents()).isNotEmpty().allMatch(r -> "filter_b".equals(r.machine()));

    onFx(() -> {
      typeFilter().getCheckModel().clearCheck("state_change");
      return null;
    });
    assertThat(shownEvents()).hasSize(3).allMatch(r -> r.type().equals("activity_log"));

    new FxRobot().clickOn("#log-text-filter").write("NEEDLE");
    await().until(() -> shownEvents().size() == 1);
    assertThat(shownEvents().get(0).summary()).isEqualTo("[info] line 1 needle");
    int shown = shown().size(); // gap rows from other tests always show
    assertThat(onFx(() -> ((Label) console.scene().lookup("#log-count")).getText())).startsWith(shown + " of ");
  }

  /**
   * The ticks in the Types list, the count the filter shows and the rows agree, with types arriving
   * frame by frame while one is unticked.
   */
  @Test
  void typeTicksAgreeWithTheCountAndTheRows() throws Exception {
    sender.send(typed("ticks", "tick_a"));
    await().until(() -> rowsOf("ticks").size() == 1);
    onFx(() -> {
      typeFilter().getCheckModel().clearCheck("tick_a");
      return null;
    });
    // New types arrive in later frames, each ticked as it comes.
    sender.send(typed("ticks", "tick_b"));
    await().until(() -> onFx(() -> typeFilter().getItems().contains("tick_b")));
    sender.send(typed("ticks", "tick_c"));
    sender.send(typed("ticks", "tick_a"));
    await().until(() -> onFx(() -> typeFilter().getItems().contains("tick_c")));
    await().until(() -> rowsOf("ticks").size() == 2);
    onFx(() -> {
      var types = typeFilter();
      var checked = types.getCheckModel().getCheckedItems();
      for (String t : types.getItems()) {
        // What the popup's check box shows is what the check model holds.
        assertThat(types.getItemBooleanProperty(t).get()).as("tick of %s", t).isEqualTo(checked.contains(t));
      }
      assertThat(checked).doesNotContain("tick_a").contains("tick_b", "tick_c");
      // The count the control shows is the number of ticks.
      String shownCount = "(" + checked.size() + "/" + types.getItems().size() + ")";
      var label = types.lookupAll(".list-cell").stream().map(n -> ((Labeled) n).getText())
          .filter(t -> t != null && t.startsWith("Types")).findFirst().orElse("");
      assertThat(label).isEqualTo("Types " + shownCount);
      return null;
    });
    assertThat(rowsOf("ticks")).extracting(LogEntry::type).containsExactly("tick_b", "tick_c");
  }

  /** Any event's whole JSON, exactly as relayed, pretty-printed below the table and copyable. */
  @Test
  void theSelectedEventShowsItsWholeJson() throws Exception {
    String sent = "{\"machine_name\":\"json_view\",\"type\":\"job_done\",\"payload\":{\"job\":{\"id\":\"j-42\","
        + "\"faces\":[1,2,3],\"note\":\"caf\u00e9 \\\"quoted\\\"\"}},\"timestamp\":1764567890.5}";
    sender.send(sent);
    await().until(() -> rowsOf("json_view").size() == 1);
    LogEntry row = rowsOf("json_view").get(0);
    onFx(() -> {
      table().getSelectionModel().select(row);
      return null;
    });
    var mapper = new ObjectMapper();
    await().until(() -> onFx(() -> ((TextArea) console.scene().lookup("#log-detail")).getText()).contains("j-42"));
    String shown = onFx(() -> ((TextArea) console.scene().lookup("#log-detail")).getText());
    // Every field, as sent; indented, one field a line.
    assertThat(mapper.readTree(shown)).isEqualTo(mapper.readTree(sent));
    assertThat(shown.lines().count()).isGreaterThan(8);
    assertThat(onFx(() -> ((Label) console.scene().lookup("#log-detail-title")).getText())).contains("job_done");
    // Copy puts the JSON on the clipboard.
    onFx(() -> {
      ((Button) console.scene().lookup("#log-detail-copy")).fire();
      return null;
    });
    assertThat(onFx(() -> Clipboard.getSystemClipboard().getString())).isEqualTo(shown);
    onFx(() -> {
      table().getSelectionModel().clearSelection();
      return null;
    });
  }

  @Test
  void theMachineFilterCanFollowTheSelection() throws Exception {
    sender.send(EventSender.stateChange("follow_a", "x", "y", "go"));
    sender.send(EventSender.stateChange("follow_b", "x", "y", "go"));
    await().until(() -> rowsOf("follow_a").size() == 1 && rowsOf("follow_b").size() == 1);

    new FxRobot().clickOn("#log-follow-selection");
    onFx(() -> {
      console.window().selection().machineProperty().set("follow_b");
      return null;
    });
    assertThat(onFx(() -> machineFilter().getValue())).isEqualTo("follow_b");
    assertThat(shownEvents()).isNotEmpty().allMatch(r -> "follow_b".equals(r.machine()));
    onFx(() -> {
      console.window().selection().machineProperty().set("follow_a");
      return null;
    });
    assertThat(shownEvents()).isNotEmpty().allMatch(r -> "follow_a".equals(r.machine()));

    // Choosing a machine by hand stops following.
    onFx(() -> {
      machineFilter().setValue(LogFilterBar.ALL_MACHINES);
      return null;
    });
    assertThat(onFx(() -> ((CheckBox) console.scene().lookup("#log-follow-selection")).isSelected())).isFalse();
  }

  /** Last: it fills the log to its bound, which would shift the rows under the other tests. */
  @Test
  @Order(Integer.MAX_VALUE)
  void keepsTheNewestRowsOnly() throws Exception {
    int chunk = 4_000; // below what the console takes in one frame, so none is skipped
    int chunks = EventLogView.MAX_ROWS / chunk + 1;
    for (int c = 0; c < chunks; c++) {
      for (int i = 0; i < chunk; i++) sender.send(activity("flood", "debug", "flood " + (c * chunk + i)));
      String last = "[debug] flood " + (c * chunk + chunk - 1);
      await().atMost(Duration.ofSeconds(30)).until(() -> onFx(() -> {
        var items = table().getItems();
        return !items.isEmpty() && items.get(items.size() - 1).summary().equals(last);
      }));
    }
    List<LogEntry> rows = shown();
    assertThat(rows).hasSize(EventLogView.MAX_ROWS);
    assertThat(rows).noneMatch(r -> r.kind() == LogEntry.Kind.GAP);
    assertThat(rows.get(0).summary()).isEqualTo("[debug] flood " + (chunks * chunk - EventLogView.MAX_ROWS));
    await().until(EventLogViewTest::lastRowInView);
  }

  @Test
  void aMalformedDatagramShowsAsARejectedRowWithItsReason() throws Exception {
    sender.send("{\"machine_name\": \"broken\", \"type\": ".getBytes(StandardCharsets.UTF_8));
    sender.send(new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});

    await().until(() -> shown().stream().filter(r -> r.kind() == LogEntry.Kind.REJECTED).count() >= 2);
    List<LogEntry> rejected = shown().stream().filter(r -> r.kind() == LogEntry.Kind.REJECTED).toList();
    assertThat(rejected.get(rejected.size() - 2).summary()).startsWith("not_json (not valid JSON)")
        .contains("preview: {\"machine_name\": \"broken\"");
    assertThat(rejected.get(rejected.size() - 1).summary()).startsWith("not_utf8");
    assertThat(rejected).allMatch(r -> r.type().equals(LogEntry.REJECTED));

    // Drawn apart: the newest rows are in view and carry the rejected style.
    await().until(() -> onFx(() -> table().lookupAll(".log-rejected").stream()
        .anyMatch(n -> n instanceof IndexedCell<?> c && c.getItem() instanceof LogEntry e && e.kind() == LogEntry.Kind.REJECTED)));

    // The type filter hides them like any type.
    onFx(() -> {
      typeFilter().getCheckModel().clearCheck(LogEntry.REJECTED);
      return null;
    });
    assertThat(shown()).noneMatch(r -> r.kind() == LogEntry.Kind.REJECTED);
  }

  @Test
  void autoScrollPausesWhenScrolledUpAndResumesAtTheBottom() throws Exception {
    for (int i = 0; i < 300; i++) sender.send(activity("scroller", "info", "first batch " + i));
    await().until(() -> rowsOf("scroller").size() == 300);
    await().until(EventLogViewTest::lastRowInView);
    assertThat(notice().isVisible()).isFalse();

    // The operator scrolls up with the wheel: new rows arrive, the view stays, the notice counts them.
    int bottomTop = onFx(EventLogViewTest::firstVisibleIndex);
    // What a mouse wheel does to the table (the headless robot's wheel does not reach it).
    onFx(() -> flow().scrollPixels(-40 * LogTable.ROW_HEIGHT));
    await().until(() -> onFx(EventLogViewTest::firstVisibleIndex) < bottomTop - 20);
    int top = onFx(EventLogViewTest::firstVisibleIndex);
    await().until(() -> onFx(() -> notice().isVisible()));
    for (int i = 0; i < 25; i++) sender.send(activity("scroller", "info", "while paused " + i));
    await().until(() -> rowsOf("scroller").size() == 325);
    await().until(() -> onFx(() -> notice().getText().startsWith("paused — 25 new")));
    assertThat(onFx(EventLogViewTest::firstVisibleIndex)).isEqualTo(top);

    // Back at the bottom, it follows again.
    onFx(() -> {
      table().scrollTo(table().getItems().size() - 1);
      return null;
    });
    await().until(() -> onFx(() -> !notice().isVisible()));
    for (int i = 0; i < 25; i++) sender.send(activity("scroller", "info", "after resume " + i));
    await().until(() -> rowsOf("scroller").size() == 350);
    await().until(EventLogViewTest::lastRowInView);
  }

  @Test
  void screenshotsInBothThemes() throws Exception {
    // Enough rows to scroll, from two machines, with a rejected input and an error among them.
    for (int job = 1; job <= 12; job++) {
      sender.send(EventSender.stateChange("face_processor", "waiting", "cropping_faces", "new_job"));
      sender.send(activity("face_processor", "info", "cropping 3 faces from job " + job));
      sender.send(EventSender.stateChange("face_processor", "cropping_faces", "waiting", "done"));
      sender.send(activity("pipeline_db", "debug", "job " + job + " stored, 3 crops"));
    }
    sender.send(activity("face_processor", "error", "face detector timed out after 5 s"));
    sender.send("not json at all");
    sender.send(EventSender.stateChange("face_processor", "waiting", "cropping_faces", "new_job"));
    await().until(() -> rowsOf("face_processor").size() == 38);
    await().until(EventLogViewTest::lastRowInView);
    Node view = onFx(() -> console.window().tabs().getSelectionModel().getSelectedItem().getContent());
    var luminance = new EnumMap<Theme, Double>(Theme.class);
    for (Theme theme : Theme.values()) {
      onFx(() -> {
        console.window().setTheme(theme);
        return null;
      });
      // The picture is the view, and every row in sight has its text drawn.
      var picture = Picture.take("log-" + theme.name().toLowerCase(), view, parts -> {
        var inView = view.localToScene(view.getBoundsInLocal());
        for (Node row : Picture.Parts.shown(view, ".table-row-cell", n -> ((IndexedCell<?>) n).getItem() != null
            && inView.contains(n.localToScene(n.getBoundsInLocal())))) {
          parts.add("row " + ((IndexedCell<?>) row).getIndex(), row);
        }
      });
      assertThat(picture.parts()).hasSizeGreaterThan(5);
      picture.assertAllDrawn();
      var shot = picture.file();
      luminance.put(theme, ConsoleHarness.meanLuminance(shot));
      console.screenshot("log-window-" + theme.name().toLowerCase());
    }
    // The dark theme really applies: the same view reads far darker.
    assertThat(luminance.get(Theme.DARK)).isLessThan(luminance.get(Theme.LIGHT) - 0.3);
    // And scrolled up, with the paused notice.
    onFx(() -> {
      table().scrollTo(0);
      return null;
    });
    await().until(() -> onFx(() -> notice().isVisible()));
    for (int i = 0; i < 5; i++) sender.send(activity("pipeline_db", "debug", "while paused " + i));
    await().until(() -> onFx(() -> notice().getText().startsWith("paused — 5 new")));
    ConsoleHarness.screenshot("log-paused-dark", view);
    onFx(() -> {
      console.window().setTheme(Theme.LIGHT);
      return null;
    });
  }

  private static String typed(String machine, String type) {
    return "{\"machine_name\":\"" + machine + "\",\"type\":\"" + type + "\",\"payload\":{}}";
  }

  private static String activity(String machine, String level, String message) {
    return "{\"machine_name\":\"" + machine + "\",\"type\":\"activity_log\",\"payload\":{\"level\":\"" + level
        + "\",\"message\":\"" + message + "\"}}";
  }

  @SuppressWarnings("unchecked")
  private static TableView<LogEntry> table() {
    return (TableView<LogEntry>) console.scene().lookup("#log-table");
  }

  private static Button notice() {
    return (Button) console.scene().lookup("#log-paused");
  }

  @SuppressWarnings("unchecked")
  private static ComboBox<String> machineFilter() {
    return (ComboBox<String>) console.scene().lookup("#log-machine-filter");
  }

  @SuppressWarnings("unchecked")
  private static CheckComboBox<String> typeFilter() {
    return (CheckComboBox<String>) console.scene().lookup("#log-type-filter");
  }

  private static TextField textFilter() {
    return (TextField) console.scene().lookup("#log-text-filter");
  }

  /** Rows the table shows now. */
  private static List<LogEntry> shown() throws Exception {
    return onFx(() -> List.copyOf(table().getItems()));
  }

  private static List<LogEntry> shownEvents() throws Exception {
    return shown().stream().filter(r -> r.kind() == LogEntry.Kind.EVENT).toList();
  }

  private static List<LogEntry> rowsOf(String machine) throws Exception {
    return shown().stream().filter(r -> machine.equals(r.machine())).toList();
  }

  private static VirtualFlow<?> flow() {
    return (VirtualFlow<?>) table().lookup(".virtual-flow");
  }

  private static int firstVisibleIndex() {
    return flow().getFirstVisibleCell().getIndex();
  }

  private static boolean lastRowInView() throws Exception {
    return onFx(() -> {
      IndexedCell<?> last = flow().getLastVisibleCell();
      return last != null && last.getIndex() == table().getItems().size() - 1;
    });
  }
}
