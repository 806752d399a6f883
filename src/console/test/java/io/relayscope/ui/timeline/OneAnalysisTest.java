package io.relayscope.ui.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.export.IncidentExport;
import io.relayscope.export.IncidentFigure;
import io.relayscope.export.MarkdownReport;
import io.relayscope.journal.JournalReader.Loaded.RunFact;
import io.relayscope.support.ScriptedIncident;
import io.relayscope.ui.ConsoleExtension;
import io.relayscope.ui.ConsoleHarness;
import io.relayscope.ui.fx.Format;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One analysis everywhere: for scripted incidents whose truth the test knows, the Timeline's incident
 * list (in a real scene), the PNG's incident lines, the Markdown and the JSON's
 * {@code analysis.incidents[]} name the same incidents — one per episode of the client that stopped,
 * dated where it really fell behind, ended as the script ended it — and none for the healthy readers
 * or for the relay's own pause.
 */
class OneAnalysisTest {
  @RegisterExtension
  static final ConsoleExtension console = ConsoleExtension.onDefaultRelay();

  // 2: 200/s, recovers; 3: 3/s, recovers, relay pause; 4: 200/s, never reads again (4008); 6: 200/s, recovers, relay pause.
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(ints = {2, 3, 4, 6})
  void everyRenderingTellsTheScriptedIncidentAsItHappened(int seed) throws Exception {
    var run = ScriptedIncident.run(seed);
    var truth = run.truth();
    List<RunFact> facts = IncidentExport.of(run.facts());
    long from = facts.get(0).fact().atMillis();
    long to = facts.stream().mapToLong(r -> r.fact().atMillis()).max().orElseThrow() + 1;
    var export = new IncidentExport(facts, from, to);
    String story = run.story() + ", truth start " + truth.startMillis() + "; client facts: "
        + run.facts().stream().filter(f -> f.subject().equals(truth.client()) && f.kind().name().startsWith("CLIENT_"))
            .map(f -> f.kind() + " " + f.fields()).toList();

    // The JSON's analysis against the truth.
    var json = new ByteArrayOutputStream();
    export.write(IncidentExport.Format.json, json);
    JsonNode analysis = new ObjectMapper().readTree(json.toByteArray()).path("analysis");
    var incidents = new ArrayList<JsonNode>();
    analysis.path("incidents").forEach(incidents::add);
    assertThat(incidents).as("one incident, the stopped client's: " + story + "\n" + analysis).singleElement()
        .satisfies(i -> assertThat(i.path("client").asText()).isEqualTo(truth.client()));
    JsonNode incident = incidents.get(0);
    long start = incident.path("start_ms").asLong();
    // Dated by its evidence: not before it; later by at most the relay's own unsent bytes at 200/s (as IncidentGroundTruthTest).
    assertThat(start).as(story).isBetween(truth.startMillis() - 1, truth.startMillis() + 500);
    assertThat(incident.path("outcome").asText()).as(story).isEqualTo(truth.outcome());
    long end = incident.path("end_ms").asLong();
    if (truth.resumed()) {
      assertThat(end - truth.resumedMillis()).as("recovered after it read again: " + story).isBetween(1000L, 1500L);
      assertThat(incident.path("close_code").isNull()).isTrue();
    } else {
      assertThat(incident.path("close_code").asInt()).as(story).isEqualTo(truth.closeCode());
      assertThat(end).as(story).isBetween(start, truth.endOfScriptMillis());
    }
    assertThat(analysis.path("relay_pauses").size()).as("the relay's pause is the relay's: " + story).isEqualTo(truth.relayPaused() ? 1 : 0);

    // The Markdown says the same, once.
    String md = MarkdownReport.of(export.analysis());
    String startText = Format.timeMillis(start);
    assertThat(md).as(story).contains("1 incident");
    assertThat(md.lines().filter(l -> l.startsWith("- Incident ")).toList()).as(md).singleElement()
        .satisfies(l -> assertThat(l).contains(truth.client()).contains(startText).contains(outcomeWords(truth.outcome())));
    // The PNG draws the same incident lines.
    assertThat(IncidentFigure.incidentLines(export.analysis())).as(story).singleElement()
        .satisfies(l -> assertThat(l).contains(truth.client()).contains(startText).contains(outcomeWords(truth.outcome())));

    // The Timeline's list, in the console's scene, shows the same incident and no other client's.
    var items = ConsoleHarness.onFx(() -> {
      console.window().timeline().showOffline("seed " + seed, facts);
      @SuppressWarnings("unchecked")
      var list = (ListView<Incident>) console.scene().lookup("#timeline-incidents");
      return List.copyOf(list.getItems());
    });
    var clientItems = items.stream().filter(i -> i.lane().startsWith("client:")).toList();
    assertThat(clientItems).as(story + "\n" + items).singleElement().satisfies(i -> {
      assertThat(i.lane()).isEqualTo("client:" + truth.client());
      assertThat(i.atMillis()).isEqualTo(start);
      assertThat(i.endMillis()).isEqualTo(end);
      assertThat(i.what()).contains(outcomeWords(truth.outcome()));
    });
    assertThat(items).as("no incident blames a healthy reader: " + items)
        .noneMatch(i -> truth.healthy().stream().anyMatch(h -> i.lane().equals("client:" + h)));
  }

  /** How each outcome reads in the console's words. */
  private static String outcomeWords(String outcome) {
    return switch (outcome) {
      case "evicted" -> "evicted (4008)";
      case "closed by keepalive" -> "closed by keepalive (4009)";
      default -> outcome;
    };
  }

}
