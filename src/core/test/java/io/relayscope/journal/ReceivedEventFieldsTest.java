package io.relayscope.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compact fields of an EVENT_RECEIVED fact read, compare and encode as the map they replace. */
class ReceivedEventFieldsTest {
  private static final Map<String, Object> WITH_MACHINE = Map.of("seq", 42L, "type", "state_change", "bytes", 180,
      "source", "datagram", "summary", "idle → busy", "machine", "face_processor");
  private static final Map<String, Object> WITHOUT_MACHINE = Map.of("seq", 7L, "type", "tick", "bytes", 20,
      "source", "datagram", "summary", "{\"type\":\"tick\"}");

  private static ReceivedEventFields withMachine() {
    return new ReceivedEventFields(42, "state_change", 180, "datagram", "idle → busy", "face_processor");
  }

  private static ReceivedEventFields withoutMachine() {
    return new ReceivedEventFields(7, "tick", 20, "datagram", "{\"type\":\"tick\"}", null);
  }

  @Test
  void readsAsTheMapItReplaces() {
    assertEquals(WITH_MACHINE, withMachine());
    assertEquals(withMachine(), WITH_MACHINE);
    assertEquals(WITH_MACHINE.hashCode(), withMachine().hashCode());
    assertEquals(WITHOUT_MACHINE, withoutMachine());
    assertEquals(WITHOUT_MACHINE.hashCode(), withoutMachine().hashCode());
    assertEquals(6, withMachine().size());
    assertEquals(5, withoutMachine().size());
    assertEquals(42L, withMachine().get("seq"));
    assertEquals(180, withMachine().get("bytes"));
    assertFalse(withoutMachine().containsKey("machine"));
    assertNull(withoutMachine().get("machine"));
    assertNull(withMachine().get("nothing"));
    assertEquals(WITH_MACHINE, new HashMap<>(withMachine()));
  }

  @Test
  void cannotBeChanged() {
    var f = withMachine();
    assertThrows(UnsupportedOperationException.class, () -> f.put("seq", 1L));
    assertThrows(UnsupportedOperationException.class, () -> f.remove("seq"));
    var it = f.entrySet().iterator();
    it.next();
    assertThrows(UnsupportedOperationException.class, it::remove);
  }

  @Test
  void aFactKeepsItAsItIsAndEncodesItAsTheMap() {
    for (var pair : new Object[][] {{withMachine(), WITH_MACHINE}, {withoutMachine(), WITHOUT_MACHINE}}) {
      var compact = new JournalFact(new RelayRun("r1", 1000), 3, 2000, 0, FactKind.EVENT_RECEIVED, "face_processor",
          (ReceivedEventFields) pair[0]);
      @SuppressWarnings("unchecked")
      var plain = new JournalFact(new RelayRun("r1", 1000), 3, 2000, 0, FactKind.EVENT_RECEIVED, "face_processor",
          (Map<String, Object>) pair[1]);
      assertSame(pair[0], compact.fields(), "copying it would undo what it saves");
      assertEquals(plain, compact);
      JournalFact back = FactCodec.decode(FactCodec.encode(compact));
      assertEquals(FactCodec.decode(FactCodec.encode(plain)), back);
      assertTrue(FactCodec.encode(compact).contains("\"seq\":" + ((Map<?, ?>) pair[1]).get("seq")));
    }
  }
}
