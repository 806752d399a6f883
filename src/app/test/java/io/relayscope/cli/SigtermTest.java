package io.relayscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.relay.CloseCodes;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** SIGTERM to a real relay process: clients get 1001, the socket file goes. */
class SigtermTest {
  @Test
  void sigtermClosesClientsWithGoingAwayAndRemovesTheSocket() throws Exception {
    Path dir = TestRelay.newSocketDir();
    Path socket = dir.resolve("events.sock");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), RelayscopeMain.class.getName(),
        "--headless", "--event-socket-path", socket.toString(), "--port", "0", "--no-journal", "--status-interval", "0"))
        .redirectErrorStream(true).start();
    try {
      var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      var endpoint = Pattern.compile("-> (ws://\\S+/ws/events)");
      String url = null;
      for (String line; url == null && (line = out.readLine()) != null; ) {
        var m = endpoint.matcher(line);
        if (m.find()) url = m.group(1);
      }
      assertThat(url).as("the relay announced its endpoint").isNotNull();
      assertThat(Files.exists(socket)).isTrue();
      var client = RecordingClient.connect(url);

      process.destroy(); // SIGTERM
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(client.closed.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(client.closeCode).isEqualTo(CloseCodes.GOING_AWAY);
      assertThat(Files.exists(socket)).isFalse();
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }
}
