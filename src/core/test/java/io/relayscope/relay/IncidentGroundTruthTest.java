package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.support.ScriptedIncident;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scripted incidents whose truth the test knows ({@link ScriptedIncident}), checked against what the relay journals. Time is
 * the test's: it moves in 50 ms steps, and within a step every client that reads has read
 * everything before time moves on, so the only client that is ever behind is the one the script
 * stops. The truth of an episode's start is the write time of the first frame that client did not
 * read (an event's step, or the send time a ping carries), read back from its socket afterwards.
 *
 * <p>Checked for each seed: the episode starts at that time; NOT READING comes at least 0.5 s and
 * at most 1 s after it; one stall is one episode (every flag carries the same start, nothing
 * recovers before the client reads again); it ends as the script says — recovered 1 to 1.5 s after
 * the client reads again, or evicted, or closed by keepalive; healthy readers are never flagged; a
 * pause of the relay's own is journaled as the relay's and blamed on no client.
 */
class IncidentGroundTruthTest {
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void theJournalTellsTheScriptedIncidentAsItHappened(int seed) throws Exception {
    // Even seeds 200 events/s of 3 KB, odd 3/s of 200 B; a multiple of 4 never reads again; of 3, a relay pause first.
    var run = ScriptedIncident.run(seed);
    var truth = run.truth();
    boolean fast = seed % 2 == 0;
    List<JournalFact> facts = run.facts();
    String scriptedId = truth.client();
    var flags = facts.stream().filter(f -> f.subject().equals(scriptedId)
        && (f.kind() == FactKind.CLIENT_LAGGING || f.kind() == FactKind.CLIENT_NOT_READING)).toList();
    var recovered = facts.stream().filter(f -> f.subject().equals(scriptedId) && f.kind() == FactKind.CLIENT_RECOVERED).toList();
    long truthMillis = truth.startMillis();
    String story = run.story() + ", truth " + truthMillis + "; facts: " + facts.stream()
        .filter(f -> f.subject().equals(scriptedId) || f.kind() == FactKind.RELAY_PAUSED).map(f -> f.kind() + " " + f.fields()).toList();

    assertThat(flags).as(story).isNotEmpty();
    // Never dated before its evidence. Later by at most the entry spacing and rounding, and by what the
    // relay's own socket held unsent (the kernel cannot tell it from what the client left unread): up
    // to 300 ms of 600 KB/s measured here, so 500 ms; nothing at 3 events/s.
    long lateMs = fast ? 500 : 10;
    assertThat(flags).as("one episode, one start: " + story).allSatisfy(f -> assertThat(sinceMs(f)).isBetween(truthMillis - 1, truthMillis + lateMs));
    assertThat(run.notReadingAfterSeconds()).as(story).isPositive();
    // The target is 1 s (measured: see the printed line, and relayscope bench --detection); a test keeps a generous bound.
    System.out.printf("seed %d (%s): NOT READING %.2f s after the first frame it did not read; dated %+d ms%n", seed,
        fast ? "200/s x 3 KB" : "3/s x 200 B", run.notReadingAfterSeconds(), sinceMs(flags.get(0)) - truthMillis);
    assertThat(run.notReadingAfterSeconds()).as("NOT READING after the evidence (s): " + story).isBetween(0.5, 1.5);
    if (truth.resumed()) {
      assertThat(recovered).as(story).singleElement().satisfies(f -> assertThat(sinceMs(f)).isEqualTo(sinceMs(flags.get(0))));
      long recoveredAt = sinceMs(recovered.get(0)) + ((Number) recovered.get(0).fields().get("episode_ms")).longValue();
      assertThat(recoveredAt - truth.resumedMillis()).as("recovered after it read again (ms): " + story).isBetween(1000L, 1500L);
    } else {
      assertThat(recovered).as("never read again, never recovered: " + story).isEmpty();
      assertThat(truth.closeCode()).as(story).isEqualTo(fast ? CloseCodes.SLOW_CLIENT_EVICTED : CloseCodes.KEEPALIVE_TIMEOUT);
    }
    assertThat(facts).as("healthy readers are never flagged: " + story).noneMatch(f -> truth.healthy().contains(f.subject())
        && (f.kind() == FactKind.CLIENT_LAGGING || f.kind() == FactKind.CLIENT_NOT_READING));
    assertThat(facts.stream().filter(f -> f.kind() == FactKind.RELAY_PAUSED)).as(story).hasSize(truth.relayPaused() ? 1 : 0);
  }

  private static long sinceMs(JournalFact f) {
    return ((Number) f.fields().get("since_ms")).longValue();
  }
}
