package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.journal.FactKind;
import io.relayscope.journal.JournalFact;
import io.relayscope.support.EventSender;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each class of bad input is rejected with its reason, counted, journaled; the next event still arrives. */
class BadInputTest {
  private static TestRelay relay;
  private static RecordingClient client;
  private static int good;

  @BeforeAll
  static void start() throws Exception {
    relay = TestRelay.start();
    client = RecordingClient.connect(relay.wsUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    relay.close();
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("not_utf8", new byte[] {'{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}),
        Arguments.of("not_utf8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xe2, (byte) 0x82}),
        Arguments.of("not_json", bytes("this is not json")),
        Arguments.of("not_json", bytes("{\"type\":\"state_change\"")),
        Arguments.of("not_json", bytes("{\"type\":\"x\"} trailing")),
        Arguments.of("not_json", new byte[0]), // once killed the receive loop: junixsocket reports it as a timeout
        Arguments.of("not_object", bytes("[{\"type\":\"state_change\"}]")),
        Arguments.of("not_object", bytes("\"state_change\"")),
        Arguments.of("too_deep", bytes("{\"type\":\"x\",\"payload\":" + "[".repeat(100) + "]".repeat(100) + "}")),
        Arguments.of("no_type", bytes("{\"machine_name\":\"face_processor\",\"payload\":{}}")),
        Arguments.of("no_type", bytes("{\"type\":42,\"payload\":{}}")),
        Arguments.of("too_large", bytes(EventSender.numbered(0, 200 * 1024 + 1))),
        // 308 names of 190 KB once ran the heap out: names, states and config types are capped (256 bytes).
        Arguments.of("name_too_long", bytes(EventSender.stateChange("j".repeat(190 * 1024), "a", "b", "go"))),
        Arguments.of("name_too_long", bytes(EventSender.stateChange("j".repeat(257), "a", "b", "go"))),
        Arguments.of("name_too_long", bytes(EventSender.stateChange("m", "a", "s".repeat(300), "go"))),
        Arguments.of("name_too_long", bytes(EventSender.registered("m", "c".repeat(300), "a"))),
        // Every accepted event's type is journaled: 200,000 facts of a 199 KB type would be 40 GB.
        Arguments.of("name_too_long", bytes("{\"type\":\"" + "t".repeat(199 * 1024) + "\",\"payload\":{}}")));
  }

  @ParameterizedTest(name = "{0}: {index}")
  @MethodSource("badInputs")
  void rejectsWithReasonAndTheStreamGoesOn(String reason, byte[] bad) throws Exception {
    long before = relay.core.snapshot().relay().rejectedByReason().get(reason);
    long factsBefore = relay.core.journal().appended();
    String next = EventSender.stateChange("face_processor", "a", "b", "after-" + reason + "-" + (++good));
    try (var sender = relay.sender()) {
      sender.send(bad);
      sender.send(next);
    }
    await().until(() -> client.eventTexts().contains(next));
    assertThat(client.eventTexts()).noneMatch(t -> t.equals(new String(bad, StandardCharsets.UTF_8)));
    assertThat(relay.core.snapshot().relay().rejectedByReason().get(reason)).isEqualTo(before + 1);
    var rejected = relay.core.journal().since(factsBefore, 1000).stream()
        .filter(f -> f.kind() == FactKind.INPUT_REJECTED).toList();
    assertThat(rejected).hasSize(1);
    JournalFact fact = rejected.get(0);
    assertThat(fact.fields()).containsEntry("reason", reason).containsKeys("detail", "preview", "bytes");
    assertThat((String) fact.fields().get("preview")).hasSizeLessThanOrEqualTo(130);
    if (reason.equals("name_too_long")) assertThat((String) fact.fields().get("detail")).contains("at most 256");
    assertThat(client.isOpen()).isTrue();
  }

  @ParameterizedTest(name = "accepts {0}")
  @MethodSource("goodInputs")
  void acceptsLargeButAllowedAndLegacyEvents(String name, byte[] ok) throws Exception {
    try (var sender = relay.sender()) {
      sender.send(ok);
    }
    String text = new String(ok, StandardCharsets.UTF_8);
    await().until(() -> client.eventTexts().contains(text));
  }

  /**
   * A UTF-8 byte order mark before the JSON (a .NET StreamWriter, PowerShell, Python's utf-8-sig):
   * RFC 8259 lets a parser ignore it, and upstream's json.loads(bytes) does, so the event is
   * accepted; but clients parse the text frame with JSON.parse or json.loads(str), which fail on
   * U+FEFF, so it is stripped: the client gets the JSON exactly, without the mark.
   */
  @org.junit.jupiter.api.Test
  void aLeadingByteOrderMarkIsStrippedAndTheEventRelayed() throws Exception {
    String json = EventSender.stateChange("bom_machine", "a", "b", "with-bom-" + (++good));
    byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    byte[] withBom = java.nio.ByteBuffer.allocate(3 + bytes(json).length).put(bom).put(bytes(json)).array();
    long rejectedBefore = relay.core.snapshot().relay().rejectedTotal();
    try (var sender = relay.sender()) {
      sender.send(withBom);
    }
    await().until(() -> client.eventTexts().stream().anyMatch(t -> t.contains("with-bom-" + good)));
    assertThat(client.eventTexts()).contains(json).noneMatch(t -> t.startsWith("\ufeff"));
    assertThat(relay.core.snapshot().relay().rejectedTotal()).isEqualTo(rejectedBefore);
    // Only one mark is the encoding's: a second is part of the input, and not JSON.
    long before = relay.core.snapshot().relay().rejectedByReason().get("not_json");
    try (var sender = relay.sender()) {
      sender.send(java.nio.ByteBuffer.allocate(6 + bytes(json).length).put(bom).put(bom).put(bytes(json)).array());
    }
    await().until(() -> relay.core.snapshot().relay().rejectedByReason().get("not_json") == before + 1);
  }

  static Stream<Arguments> goodInputs() {
    return Stream.of(
        Arguments.of("200 KB exactly", bytes(EventSender.numbered(1, 200 * 1024))),
        Arguments.of("a 256-byte machine name", bytes(EventSender.stateChange("é".repeat(128), "a", "b", "go"))),
        Arguments.of("event_type instead of type", bytes("{\"machine_name\":\"m\",\"event_type\":\"state_change\",\"payload\":{}}")),
        Arguments.of("no payload", bytes("{\"type\":\"custom\"}")));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
