package io.relayscope.ui.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.relay.CloseCodes;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every close code an operator can meet is explained in words, not left as a number. */
class CloseCodeTextTest {
  @Test
  void everyCodeTheRelayUsesOrMeetsHasAMeaning() throws Exception {
    var codes = new ArrayList<>(List.of(1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1011));
    // The relay's own codes, whatever is added to CloseCodes later.
    for (var f : CloseCodes.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) codes.add(f.getInt(null));
    }
    for (int code : codes) {
      assertThat(CloseCodeText.meaning(code)).as("meaning of %d", code).startsWith(code + ": ").doesNotContain("see the reason");
      assertThat(CloseCodeText.shortName(code)).as("short name of %d", code).startsWith(code + " ").isNotEqualTo(code + " ");
    }
    assertThat(CloseCodeText.meaning(4008)).contains("evicted");
    assertThat(CloseCodeText.meaning(4009)).contains("keepalive");
    assertThat(CloseCodeText.meaning(4010)).contains("operator");
  }
}
