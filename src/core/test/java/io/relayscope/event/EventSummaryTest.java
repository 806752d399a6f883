package io.relayscope.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one-line summary of an event, as the journal and the event log show it: whatever the length of
 * a message, the summary is the text cut at 200 characters, exactly as if the whole message had been
 * kept (the parser keeps only the start of the fields the summary alone reads).
 */
class EventSummaryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final EventParser parser = new EventParser(256 * 1024, EventParser.DEFAULT_MAX_DEPTH);

  private String summary(Map<String, Object> event) throws Exception {
    byte[] raw = JSON.writeValueAsBytes(event);
    var outcome = parser.parse(new RawInput("test", 1, 0, 0, raw, raw.length, false), 1);
    return EventSummary.of(((ParseOutcome.Accepted) outcome).event());
  }

  /** The rule, on the whole text: at most 200 characters, a longer one cut to 199 and "…". */
  private static String cut(String whole) {
    return whole.length() > 200 ? whole.substring(0, 199) + "…" : whole;
  }

  @Test
  void aLongMessageIsCutAsTheWholeMessageWouldBe() throws Exception {
    for (int length : new int[] {0, 1, 150, 192, 193, 199, 200, 201, 202, 5_000, 100_000}) {
      String message = "é€x".repeat(length / 3 + 1).substring(0, length);
      assertEquals(cut("[info] " + message), summary(Map.of("machine_name", "m", "type", "activity_log",
          "payload", Map.of("level", "info", "message", message))), "message of " + length);
      assertEquals(cut(message), summary(Map.of("machine_name", "m", "type", "activity_log",
          "payload", Map.of("message", message))), "message of " + length + " without a level");
      assertEquals(cut("error: " + message + " (job j-7)"), summary(Map.of("machine_name", "m", "type", "error",
          "payload", Map.of("error_message", message, "job_id", "j-7"))), "error of " + length);
    }
  }

  @Test
  void aMessageThatIsNotTextIsShownAsATreeWouldShowIt() throws Exception {
    assertEquals("[info] 42", summary(Map.of("machine_name", "m", "type", "activity_log",
        "payload", Map.of("level", "info", "message", 42))));
    assertEquals("[info] ", summary(Map.of("machine_name", "m", "type", "activity_log",
        "payload", Map.of("level", "info", "message", Map.of("nested", "x".repeat(500))))));
  }

  @Test
  void theRawEventIsUnchangedWhateverTheSummaryKept() throws Exception {
    String message = "x".repeat(3_000);
    byte[] raw = JSON.writeValueAsBytes(Map.of("machine_name", "m", "type", "activity_log", "payload", Map.of("message", message)));
    var event = ((ParseOutcome.Accepted) parser.parse(new RawInput("test", 1, 0, 0, raw, raw.length, false), 1)).event();
    assertEquals(new String(raw, StandardCharsets.UTF_8), new String(event.raw(), StandardCharsets.UTF_8));
  }
}
