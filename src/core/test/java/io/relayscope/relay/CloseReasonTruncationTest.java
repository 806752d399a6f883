package io.relayscope.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A close frame's reason is cut to 123 bytes of UTF-8 in time linear in the reason, never splitting a character. */
class CloseReasonTruncationTest {
  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void aShortReasonIsKeptWhole() {
    assertThat(ClientCloser.truncateReason("stuck dashboard")).isEqualTo("stuck dashboard");
    String exactly = "a".repeat(123);
    assertThat(ClientCloser.truncateReason(exactly)).isEqualTo(exactly);
  }

  @Test
  void aHugeReasonIsCutAtOnce() {
    // Cut one character at a time, re-encoding each time, 500 KB took about a minute.
    String cut = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ClientCloser.truncateReason("x".repeat(2_000_000)));
    assertThat(cut).isEqualTo("x".repeat(120) + "...");
  }

  @Test
  void multiByteCharactersAreNeverSplit() {
    String cut = ClientCloser.truncateReason("\u00e9".repeat(1000)); // 2 bytes each
    assertThat(cut).isEqualTo("\u00e9".repeat(60) + "...");
    String emoji = ClientCloser.truncateReason("a" + "\uD83D\uDE00".repeat(100)); // 4 bytes each, a surrogate pair in Java
    assertThat(utf8(emoji)).isLessThanOrEqualTo(123);
    assertThat(emoji).isEqualTo("a" + "\uD83D\uDE00".repeat(29) + "...");
    assertThat(emoji.chars().filter(c -> Character.isSurrogate((char) c)).count() % 2).isZero();
  }
}
