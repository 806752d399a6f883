package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.machines.MachineState;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parser reads each event in one streaming pass and keeps only the fields the relay uses; what
 * it keeps must be what a JSON tree of the event says: the last of a repeated key, a number's
 * digits in the summary, nothing from a payload that is not an object. Through the real socket:
 * the forwarded bytes, the machine table and the journal's summary.
 */
class EventFieldsTest {
  @Test
  void keepsWhatATreeOfTheEventWouldSay() throws Exception {
    try (var relay = TestRelay.start()) {
      var client = RecordingClient.connect(relay.wsUrl());
      List<String> events = List.of(
          // A repeated key: the last one counts, here a whole second payload.
          "{\"machine_name\":\"m1\",\"type\":\"state_change\",\"payload\":{\"to_state\":\"first\",\"event_trigger\":\"stale\"},"
              + "\"payload\":{\"from_state\":\"a\",\"to_state\":\"second\"}}",
          // A number where text is expected: its digits in the summary.
          "{\"machine_name\":\"m2\",\"type\":\"error\",\"payload\":{\"error_message\":\"boom\",\"job_id\":42}}",
          // A payload that is not an object holds nothing; the top-level name still counts.
          "{\"machine_name\":\"m3\",\"type\":\"state_change\",\"payload\":[{\"to_state\":\"x\"}]}",
          // A name that is not a string at the top level: the payload's string is the machine's name.
          "{\"machine_name\":7,\"type\":\"machine_registered\",\"payload\":{\"machine_name\":\"m4\","
              + "\"config_type\":\"cfg\",\"current_state\":\"idle\",\"nested\":{\"current_state\":\"no\"}}}",
          // Whitespace after the object is not a trailing token.
          "{\"machine_name\":\"m5\",\"event_type\":\"activity_log\",\"payload\":{\"level\":\"info\",\"message\":\"hi\"}}  \n");
      long factsBefore = relay.core.journal().appended();
      try (var sender = relay.sender()) {
        for (String e : events) sender.send(e);
      }
      await().until(() -> client.eventTexts().size() == events.size());
      assertThat(client.eventTexts()).containsExactlyElementsOf(events); // byte for byte, in order

      assertThat(state("m1", relay)).isEqualTo("second");
      assertThat(state("m3", relay)).isNull();
      assertThat(state("m4", relay)).isEqualTo("idle");
      assertThat(relay.core.machines().machines()).extracting(MachineState::configType).contains("cfg");
      assertThat(relay.core.snapshot().relay().rejectedByReason().values()).allMatch(n -> n == 0);

      List<String> summaries = relay.core.journal().since(factsBefore, 1000).stream()
          .filter(f -> f.kind() == FactKind.EVENT_RECEIVED).map(EventFieldsTest::summary).toList();
      assertThat(summaries).containsExactly("a → second", "error: boom (job 42)", "? → ?",
          "registered as cfg in idle", "[info] hi");
      client.close();
    }
  }

  private static String state(String machine, TestRelay relay) {
    return relay.core.machines().machines().stream().filter(m -> m.machineName().equals(machine))
        .findFirst().orElseThrow().currentState();
  }

  private static String summary(JournalFact f) {
    return (String) f.fields().get("summary");
  }
}
