package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One engine sending garbage must not rotate the journal's history away: 50,000 bad datagrams were
 * 50,000 INPUT_REJECTED facts (22.6 MB). Rejections are journaled like refusals: the first few of
 * each reason in a second with their detail, then one counted summary per reason per second; the
 * counters and the facts' counts stay exact.
 */
class RejectionJournalTest {
  private static final int NOT_JSON = 6_000;
  private static final int NO_TYPE = 1_500;

  @Test
  void aFloodOfBadInputCostsTheJournalAFewFactsASecondAndEveryOneIsCounted() throws Exception {
    try (var relay = TestRelay.start()) {
      var client = RecordingClient.connect(relay.wsUrl());
      long factsBefore = relay.core.journal().appended();
      long start = System.nanoTime();
      String good = EventSender.stateChange("m", "a", "b", "after-the-flood");
      try (var sender = relay.sender()) {
        for (int i = 0; i < NOT_JSON; i++) {
          sender.send("garbage " + i);
          if (i % 4 == 0 && i / 4 < NO_TYPE) sender.send("{\"n\":" + i + "}");
        }
        sender.send(good);
      }
      // Nothing else lost: the next good event arrives.
      await().atMost(Duration.ofSeconds(60)).until(() -> client.eventTexts().contains(good));
      var byReason = relay.core.snapshot().relay().rejectedByReason();
      assertThat(byReason.get("not_json")).isEqualTo(NOT_JSON);
      assertThat(byReason.get("no_type")).isEqualTo(NO_TYPE);

      // The journal's counts add up to the same figures once the last second's summary is written.
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        Map<String, Long> journaled = rejected(relay, factsBefore).stream().collect(Collectors.groupingBy(
            f -> (String) f.fields().get("reason"), Collectors.summingLong(RejectionJournalTest::count)));
        assertThat(journaled).containsEntry("not_json", (long) NOT_JSON).containsEntry("no_type", (long) NO_TYPE);
      });
      double seconds = (System.nanoTime() - start) / 1e9;
      List<JournalFact> facts = rejected(relay, factsBefore);
      System.out.printf("%d bad inputs: %d INPUT_REJECTED facts in %.1f s%n", NOT_JSON + NO_TYPE, facts.size(), seconds);
      // At most the detailed ones and a summary per reason per second (plus a second's slack at each end).
      assertThat(facts.size()).as("%d facts in %.1f s", facts.size(), seconds)
          .isLessThanOrEqualTo((int) (2 * (RejectionLog.DETAILED_PER_SECOND + 1) * (Math.ceil(seconds) + 2)));

      // The first of each reason keeps its detail and preview.
      JournalFact firstNotJson = facts.stream().filter(f -> "not_json".equals(f.fields().get("reason"))).findFirst().orElseThrow();
      assertThat(firstNotJson.fields()).containsEntry("preview", "garbage 0").containsKeys("detail", "bytes", "ingest_count")
          .doesNotContainKey("count");
      JournalFact firstNoType = facts.stream().filter(f -> "no_type".equals(f.fields().get("reason"))).findFirst().orElseThrow();
      assertThat(firstNoType.fields()).containsEntry("preview", "{\"n\":0}").containsEntry("detail", "keys: [n]");
      // The rest: counted summaries, each naming its reason and the last input's detail.
      List<JournalFact> summaries = facts.stream().filter(f -> f.fields().containsKey("count")).toList();
      assertThat(summaries).isNotEmpty().allSatisfy(f -> assertThat(f.fields())
          .containsEntry("summary", true).containsKeys("reason", "detail", "preview"));
      assertThat(client.isOpen()).isTrue();
      client.closeBlocking();
    }
  }

  private static List<JournalFact> rejected(TestRelay relay, long from) {
    return relay.core.journal().since(from, 1_000_000).stream().filter(f -> f.kind() == FactKind.INPUT_REJECTED).toList();
  }

  private static long count(JournalFact f) {
    return f.fields().get("count") instanceof Number n ? n.longValue() : 1;
  }
}
