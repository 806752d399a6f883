package io.relayscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** emit, send-event and slow-client against real sockets. */
class ToolsTest {
  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    var cmd = RelayscopeMain.commandLine();
    cmd.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cmd.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    int exit = cmd.execute(args);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void emitSendsOneEventThroughTheRelay() throws Exception {
    try (var relay = TestRelay.start()) {
      var client = RecordingClient.connect(relay.wsUrl());
      var r = run("emit", "--machine", "face_processor", "--type", "state_change", "--payload",
          "{\"from_state\":\"waiting\",\"to_state\":\"cropping_faces\",\"event_trigger\":\"new_job\"}",
          "--event-socket-path", relay.socket.toString());
      assertThat(r.exit()).isZero();
      assertThat(r.out()).contains("sent").contains(relay.socket.toString());
      await().until(() -> client.eventTexts().size() == 1);
      var event = new ObjectMapper().readTree(client.eventTexts().get(0));
      assertThat(event.get("machine_name").asText()).isEqualTo("face_processor");
      assertThat(event.get("type").asText()).isEqualTo("state_change");
      assertThat(event.get("payload").get("to_state").asText()).isEqualTo("cropping_faces");
      client.close();
    }
  }

  @Test
  void emitFailsWithOneLineWhenNoRelayOrBadPayload() throws Exception {
    var missing = run("emit", "--machine", "m", "--type", "t", "--event-socket-path", "/tmp/relayscope-nothing-here.sock");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err().lines()).singleElement().asString().contains("no socket at /tmp/relayscope-nothing-here.sock");

    var badJson = run("emit", "--machine", "m", "--type", "t", "--payload", "{oops");
    assertThat(badJson.exit()).isEqualTo(2);
    assertThat(badJson.err().lines()).singleElement().asString().startsWith("relayscope: --payload: payload is not valid JSON");

    var notObject = run("emit", "--machine", "m", "--type", "t", "--payload", "[1]");
    assertThat(notObject.exit()).isEqualTo(2);
    assertThat(run("emit", "--type", "t").exit()).isEqualTo(2);
  }

  @Test
  void sendEventWritesUpstreamsControlMessageToTheMachinesSocket() throws Exception {
    Path dir = TestRelay.newSocketDir();
    String prefix = dir.resolve("control").toString();
    try (var engine = AFUNIXDatagramSocket.newInstance()) {
      engine.bind(AFUNIXSocketAddress.of(Path.of(prefix + "-face_processor.sock")));
      var r = run("send-event", "face_processor", "new_job", "--payload", "{\"image\":\"a.png\"}", "--job-id", "job-7",
          "--control-socket-prefix", prefix);
      assertThat(r.exit()).isZero();
      var packet = new DatagramPacket(new byte[4096], 4096);
      engine.setSoTimeout(5000);
      engine.receive(packet);
      var message = new ObjectMapper().readTree(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
      assertThat(message.get("type").asText()).isEqualTo("new_job");
      assertThat(message.get("payload").get("image").asText()).isEqualTo("a.png");
      assertThat(message.get("job_id").asText()).isEqualTo("job-7");
    }
    var notRunning = run("send-event", "controller", "stop", "--control-socket-prefix", prefix);
    assertThat(notRunning.exit()).isEqualTo(1);
    assertThat(notRunning.err().lines()).singleElement().asString().contains("is controller running?");
    assertThat(run("send-event", "../etc", "stop").exit()).isEqualTo(2);
  }

  @Test
  void slowClientReportsTheEviction() throws Exception {
    try (var relay = TestRelay.start(r -> r.withSendTimeout(Duration.ofSeconds(1)))) {
      var flood = new Thread(() -> {
        try (var sender = relay.sender()) {
          for (int i = 0; i < 2000 && !Thread.currentThread().isInterrupted(); i++) {
            sender.send(io.relayscope.support.EventSender.numbered(i, 2048));
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
          }
        } catch (Exception e) {
          // relay closed at the end of the test
        }
      });
      flood.start();
      var r = run("slow-client", "--url", relay.wsUrl(), "--stall-after", "300ms", "--stall-for", "3s");
      flood.interrupt();
      flood.join();
      assertThat(r.exit()).isZero();
      assertThat(r.out()).contains("stopped reading after").contains("closed by the relay").doesNotContainPattern("(?i)stall");
      // What the relay did, from its side: evicted with 4008 and the reason.
      var gone = relay.core.snapshot().recentlyClosed().stream()
          .filter(c -> c.userAgent().equals("relayscope-slow-client")).findFirst().orElseThrow();
      assertThat(gone.closeCode()).isEqualTo(io.relayscope.relay.CloseCodes.SLOW_CLIENT_EVICTED);
      assertThat(gone.closeReason()).contains("send deadline passed");
    }
    assertThat(run("slow-client", "--url", "http://nope").exit()).isEqualTo(2);
  }

  @Test
  void benchRefusesBadRepeatAndStrategyWithOneLine() {
    var zero = run("bench", "--repeat", "0");
    assertThat(zero.exit()).isEqualTo(2);
    assertThat(zero.err().lines()).singleElement().asString().contains("--repeat must be 1 or more");
    var unknown = run("bench", "--strategy", "relayscope,floor");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err().lines()).singleElement().asString().contains("no strategy 'floor'").contains("receive-only");
    // Found by trying it: "relayscope: For input string: "abc"", exit 1.
    for (String scenario : new String[] {"1,0,abc,200", "1,0,0,200", "-1,0,100,200", "1,0,100"}) {
      var bad = run("bench", "--scenario", scenario);
      assertThat(bad.exit()).as(scenario).isEqualTo(2);
      assertThat(bad.err().lines()).as(scenario).singleElement().asString().contains("--scenario").contains(scenario);
    }
    var seconds = run("bench", "--seconds", "0");
    assertThat(seconds.exit()).isEqualTo(2);
    assertThat(seconds.err().lines()).singleElement().asString().contains("--seconds must be 1 or more");
  }

  @Test
  void benchRefusesOutputItCannotWriteBeforeRunningAnything(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    // Found by trying it: a --trace-dir that was a file failed after the priming run with
    // "relayscope: <path>", and a bad --out would fail only after every scenario had run.
    Path file = java.nio.file.Files.writeString(tmp.resolve("a-file"), "x");
    var before = benchDirs();
    var trace = run("bench", "--scenario", "1,0,100,200", "--seconds", "1", "--strategy", "relayscope", "--trace-dir",
        file.toString(), "--out", tmp.resolve("bench.json").toString());
    assertThat(trace.exit()).isEqualTo(2);
    assertThat(trace.err().lines()).singleElement().asString().contains("--trace-dir").contains(file.toString())
        .contains("not a directory");
    assertThat(trace.out()).doesNotContain("[priming]");
    var out = run("bench", "--scenario", "1,0,100,200", "--seconds", "1", "--strategy", "relayscope", "--out",
        file.resolve("bench.json").toString());
    assertThat(out.exit()).isEqualTo(2);
    assertThat(out.err().lines()).singleElement().asString().contains("--out").contains("not a directory");
    assertThat(out.out()).doesNotContain("[priming]");
    assertThat(benchDirs()).isSubsetOf(before);
  }

  @Test
  void benchSaysWhyTheRelayUnderTestDidNotStartAndLeavesNoFiles(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    var before = benchDirs();
    var r = run("bench", "--scenario", "1,0,100,200", "--seconds", "1", "--warmup", "0", "--strategy", "relayscope",
        "--jvm-options", "-XX:+NoSuchOptionAnywhere", "--out", tmp.resolve("bench.json").toString());
    assertThat(r.exit()).isEqualTo(1);
    // The relay's own words, not a temporary path: found with a mistyped --jvm-options.
    assertThat(r.err().lines()).singleElement().asString()
        .contains("relay under test (relayscope) did not start").contains("NoSuchOptionAnywhere");
    assertThat(benchDirs()).isSubsetOf(before);
  }

  private static java.util.Set<String> benchDirs() throws java.io.IOException {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("/tmp"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("rsbench"))
          .collect(java.util.stream.Collectors.toSet());
    }
  }

  @Test
  void relayRefusesToListenBeyondLoopbackWithoutAToken() {
    var r = run("--headless", "--host", "0.0.0.0", "--port", "0", "--event-socket-path", "/tmp/relayscope-never.sock");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines()).singleElement().asString().contains("needs --token");
    assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/relayscope-never.sock"))).isFalse();
  }
}
