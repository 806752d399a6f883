package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The 4010 reason is the operator's text: what the client receives must hold no control characters. */
class CloseReasonsTest {
  @Test
  void controlCharactersBecomeSpacesAndRunsCollapse() {
    assertThat(CloseReasons.printable("bye\r\nSet-Cookie: x\u0000\u0007 now")).isEqualTo("bye Set-Cookie: x now");
    assertThat(CloseReasons.printable("\u001b[31mred\u001b[0m\u009b2J")).isEqualTo("[31mred [0m 2J");
    assertThat(CloseReasons.printable("tab\tand\u007fdel")).isEqualTo("tab and del");
    // Bidi overrides and line separators reorder or split what a log or console shows.
    assertThat(CloseReasons.printable("abc\u202Edcba\u2028next\u2066x\u2069")).isEqualTo("abc dcba next x");
  }

  @Test
  void printableTextIsKeptAsItIs() {
    assertThat(CloseReasons.printable("too chatty: 3 × ping/s, née Zoë — 日本")).isEqualTo("too chatty: 3 × ping/s, née Zoë — 日本");
    assertThat(CloseReasons.printable("")).isEmpty();
    assertThat(CloseReasons.printable(null)).isEmpty();
    assertThat(CloseReasons.printable("\n\u0000\t")).isEmpty(); // nothing printable: the caller's default applies
  }
}
