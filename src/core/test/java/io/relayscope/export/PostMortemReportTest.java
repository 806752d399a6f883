package io.relayscope.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.support.ScriptedIncident;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The report is a post-mortem: summary, impact, evidence, what the relay did, a timeline of the
 * moments that matter, then appendices — in that order — and each figure in it is the journal's,
 * counted here from the facts themselves, for scripted incidents whose truth the test knows.
 */
class PostMortemReportTest {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  // 3: 3/s, reads again, a relay pause; 4: 200/s, never reads again (evicted, 4008).
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(ints = {3, 4})
  void aScriptedIncidentsReportTellsItInOrderWithTheJournalsFigures(int seed) throws Exception {
    var run = ScriptedIncident.run(seed);
    var truth = run.truth();
    List<JournalFact> facts = run.facts();
    long from = facts.get(0).atMillis();
    long to = facts.stream().mapToLong(JournalFact::atMillis).max().orElseThrow() + 1;
    String md = MarkdownReport.of(new IncidentExport(IncidentExport.of(facts), from, to).analysis());
    String story = run.story() + "\n" + md;

    // The order of a post-mortem.
    List<String> sections = List.of("## Summary", "## Impact", "## Evidence", "## What the relay did", "## Timeline",
        "## Appendix A: clients", "## Appendix B: engine emissions", "## Appendix C: broadcast detail per client");
    int at = -1;
    for (String s : sections) {
      int next = md.indexOf(s);
      assertThat(next).as(s + " after the section before it: " + story).isGreaterThan(at);
      at = next;
    }
    String summary = section(md, "## Summary");
    String impact = section(md, "## Impact");
    String evidence = section(md, "## Evidence");
    String acted = section(md, "## What the relay did");
    String timeline = section(md, "## Timeline");

    // Summary: one incident, the stopped client's, from where it really fell behind, ended as the script ended it.
    var flags = facts.stream().filter(f -> f.subject().equals(truth.client())
        && (f.kind() == FactKind.CLIENT_LAGGING || f.kind() == FactKind.CLIENT_NOT_READING)).toList();
    long since = ((Number) flags.get(0).fields().get("since_ms")).longValue();
    assertThat(since).as(story).isBetween(truth.startMillis() - 1, truth.startMillis() + 500);
    assertThat(summary).as(story).contains("1 incident ")
        .containsOnlyOnce("- Incident ")
        .contains("- Incident 1: " + truth.client() + " ")
        .contains("from " + time(since))
        .contains(truth.resumed() ? "recovered" : ClientWords.closed(truth.closeCode()));

    // Impact: only a fault counts as lost; the events received are the window's.
    long events = facts.stream().filter(f -> f.kind() == FactKind.EVENT_RECEIVED).count();
    long lastSeq = facts.stream().filter(f -> f.kind() == FactKind.EVENT_RECEIVED).mapToLong(f -> ((Number) f.fields().get("seq")).longValue()).max().orElseThrow();
    assertThat(impact).as(story).contains("Affected: " + truth.client() + ".")
        .contains("**Events received**: " + events + " (through #" + lastSeq + ")")
        .contains("**Clients lost**: " + (truth.resumed() ? "0" : "1 (" + truth.client() + ")"));

    // Evidence: each flag with its time, the bytes unread in the kernel and the queue, as journaled.
    for (JournalFact f : facts) {
      if (!f.subject().equals(truth.client())) continue;
      if (f.kind() != FactKind.CLIENT_LAGGING && f.kind() != FactKind.CLIENT_NOT_READING && f.kind() != FactKind.CLIENT_RECOVERED) continue;
      long unread = ((Number) f.fields().get("unread_bytes")).longValue();
      String line = evidence.lines().filter(l -> l.startsWith("- " + time(f.atMillis()) + " ")).findFirst()
          .orElseThrow(() -> new AssertionError(story + "\nno evidence line at " + time(f.atMillis()) + "\n" + evidence));
      // The unread bytes once: in the relay's reason ("3,664 bytes unread for 0.6 s"), else as the kernel's figure.
      assertThat(line).as(story).containsAnyOf(String.format(Locale.ROOT, "%,d bytes unread", unread),
          String.format(Locale.ROOT, "%,d bytes unacknowledged", unread), String.format(Locale.ROOT, "%,d B unread in the kernel", unread))
          .endsWith(String.format(Locale.ROOT, "queue %d frames (%,d B)",
              ((Number) f.fields().get("queue_frames")).longValue(), ((Number) f.fields().get("queue_bytes")).longValue()));
    }

    // What the relay did: the eviction with what it dropped, its own pause blamed on no one.
    if (!truth.resumed()) {
      JournalFact evicted = facts.stream().filter(f -> f.kind() == FactKind.CLIENT_EVICTED).findFirst().orElseThrow();
      JournalFact closed = facts.stream().filter(f -> f.kind() == FactKind.CLIENT_CLOSED && f.subject().equals(truth.client())).findFirst().orElseThrow();
      assertThat(acted).as(story).contains(time(evicted.atMillis()) + " Evicted client " + truth.client() + " with close code 4008: "
          + evicted.fields().get("reason")).contains("dropped " + closed.fields().get("dropped") + " frame(s)");
    }
    var pauses = facts.stream().filter(f -> f.kind() == FactKind.RELAY_PAUSED).toList();
    assertThat(pauses).as(story).hasSize(truth.relayPaused() ? 1 : 0);
    for (JournalFact p : pauses) {
      assertThat(acted).as(story).contains(time(p.atMillis()) + " The relay was paused for "
          + MarkdownReport.ms(((Number) p.fields().get("paused_ms")).doubleValue())).contains("it blamed no client");
    }

    // Timeline: runs of events are one line each, never one line an event.
    long eventLines = timeline.lines().filter(l -> l.matches("- [\\d:.]+ event #\\d+ .*")).count();
    assertThat(eventLines).as(story).isLessThanOrEqualTo(3 * timeline.lines().filter(l -> l.contains("client " + truth.client())).count() + 3);
    assertThat(timeline).as(story).containsPattern("\\d+ events #\\d+–#\\d+ through [\\d:.]+, ~[\\d,]+/s");
    assertThat(md).as(story).doesNotContainPattern(ExportVocabulary.OLD_WORDS);
  }

  private static String section(String md, String heading) {
    int start = md.indexOf(heading);
    int end = md.indexOf("\n## ", start + heading.length());
    return md.substring(start, end < 0 ? md.length() : end);
  }

  private static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }
}
