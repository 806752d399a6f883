package io.relayscope.ingest;

import static io.relayscope.support.EventSender.registered;
import static io.relayscope.support.EventSender.stateChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.core.CoreConfig;
import io.relayscope.journal.FactKind;
import io.relayscope.support.RecordingClient;
import io.relayscope.support.TestRelay;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** {@code --engine-socket}: newline-delimited JSON from an engine's Unix stream socket. */
class StreamIngestTest {
  private Path engineDir;
  private Path enginePath;
  private AFUNIXServerSocket engine;
  private TestRelay relay;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void startEngine() throws Exception {
    engineDir = TestRelay.newSocketDir();
    enginePath = engineDir.resolve("engine.sock");
    engine = AFUNIXServerSocket.newInstance();
    engine.bind(AFUNIXSocketAddress.of(enginePath));
    engine.setSoTimeout(20_000); // accept() must not hang the build if the relay never connects
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) toClose.get(i).close();
    if (relay != null) relay.close();
    engine.close();
    Files.deleteIfExists(enginePath);
    Files.deleteIfExists(engineDir);
  }

  private void startRelay(UnaryOperator<CoreConfig> core) throws Exception {
    relay = TestRelay.start(c -> core.apply(c.withEngineSocket(enginePath)), r -> r);
  }

  private RecordingClient client() throws InterruptedException {
    var c = RecordingClient.connect(relay.wsUrl());
    toClose.add(c::closeBlocking);
    await().until(() -> !c.ofType("initial").isEmpty());
    return c;
  }

  private AFUNIXSocket acceptRelay() throws IOException {
    AFUNIXSocket s = engine.accept();
    toClose.add(s);
    return s;
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private long rejected(String reason) {
    return relay.core.snapshot().relay().rejectedByReason().get(reason);
  }

  @Test
  void forwardsLinesByteForByteRejectsMalformedOnesAndReconnects() throws Exception {
    startRelay(c -> c);
    var c = client();

    AFUNIXSocket conn = acceptRelay();
    OutputStream out = conn.getOutputStream();
    String first = registered("stream_machine", "worker", "idle");
    String malformed = "{\"type\":\"state_change\",\"machine_name\":";
    String odd = "{ \"type\" : \"activity_log\", \"machine_name\":\"stream_machine\",\"payload\":{\"message\":\"é – ✓\","
        + "\"n\":1.50}}";
    String split = stateChange("stream_machine", "idle", "busy", "job");
    int cut = split.length() / 2;

    write(out, first + "\n" + malformed + "\n" + odd + "\n" + split.substring(0, cut));
    // The relay has read up to the middle of the split line once the line before it arrived.
    await().until(() -> c.eventTexts().size() == 2);
    write(out, split.substring(cut) + "\n");

    await().until(() -> c.eventTexts().size() == 3);
    assertThat(c.eventTexts()).containsExactly(first, odd, split);
    await().until(() -> rejected("not_json") == 1);
    assertThat(relay.core.snapshot().relay().eventsIn()).isEqualTo(3);
    assertThat(relay.core.machines().machines()).singleElement()
        .satisfies(m -> assertThat(m.currentState()).isEqualTo("busy"));

    // The engine goes away; the relay reconnects with backoff and carries on.
    conn.close();
    AFUNIXSocket again = acceptRelay();
    String afterReconnect = stateChange("stream_machine", "busy", "idle", "done");
    write(again.getOutputStream(), afterReconnect + "\r\n"); // CRLF endings are accepted too
    await().atMost(Duration.ofSeconds(20)).until(() -> c.eventTexts().size() == 4);
    assertThat(c.eventTexts()).containsExactly(first, odd, split, afterReconnect);
    assertThat(rejected("not_json")).isEqualTo(1);
  }

  @Test
  void lineLongerThanTheLimitIsRejectedWholeAndTheNextLineStillArrives() throws Exception {
    startRelay(c -> new CoreConfig(c.eventSocketPath(), c.socketMode(), c.engineSocket(), c.pipelineDb(), 1024,
        c.handoffCapacity(), c.journalCapacity(), c.relay(), null, c.journalFileBytes(), c.journalFiles(), c.allowedUids()));
    var c = client();

    AFUNIXSocket conn = acceptRelay();
    OutputStream out = conn.getOutputStream();
    String big = "{\"type\":\"activity_log\",\"machine_name\":\"m\",\"payload\":{\"message\":\"" + "x".repeat(5000) + "\"}}";
    String exactlyAtLimit = padTo("{\"type\":\"activity_log\",\"machine_name\":\"m\",\"payload\":{\"message\":\"", "\"}}", 1024);
    String next = registered("m", "worker", "idle");
    // The big line is written in pieces, so the relay sees it across several reads.
    write(out, big.substring(0, 1000));
    write(out, big.substring(1000, 3000));
    write(out, big.substring(3000) + "\n" + exactlyAtLimit + "\n" + next + "\n");

    await().until(() -> c.eventTexts().size() == 2);
    assertThat(c.eventTexts()).containsExactly(exactlyAtLimit, next);
    await().until(() -> rejected("too_large") == 1);
    assertThat(relay.core.snapshot().relay().rejectedTotal()).isEqualTo(1);
  }

  @Test
  void connectsOnceTheEngineSocketAppears() throws Exception {
    engine.close();
    Files.deleteIfExists(enginePath);
    startRelay(c -> c); // nothing listens yet: the relay keeps retrying with backoff
    var c = client();
    await().until(() -> relay.core.journal().since(0, 10_000).stream()
        .anyMatch(f -> f.kind() == FactKind.STREAM_DISCONNECTED));

    engine = AFUNIXServerSocket.newInstance();
    engine.bind(AFUNIXSocketAddress.of(enginePath));
    engine.setSoTimeout(20_000);
    AFUNIXSocket conn = acceptRelay();
    String event = registered("late_engine", "worker", "idle");
    write(conn.getOutputStream(), event + "\n");
    await().until(() -> c.eventTexts().size() == 1);
    assertThat(c.eventTexts()).containsExactly(event);
  }

  private static String padTo(String head, String tail, int size) {
    return head + "y".repeat(size - head.length() - tail.length()) + tail;
  }

  @Test
  void anEngineRunningAsAnotherUserIsNotRead() throws Exception {
    int notUs = CoreConfig.ownUid().contains(54321) ? 54322 : 54321;
    startRelay(c -> c.withAllowedUids(java.util.Set.of(notUs)));
    var c = client();
    var s = acceptRelay(); // the relay connects, checks our uid, and leaves without reading
    try {
      write(s.getOutputStream(), "{\"type\":\"should_not_arrive\"}\n");
    } catch (IOException refused) {
      // the relay may already have hung up: either way, nothing is read
    }
    await().until(() -> relay.core.journal().recent(100, f -> f.kind() == io.relayscope.journal.FactKind.STREAM_DISCONNECTED)
        .stream().anyMatch(f -> String.valueOf(f.fields().get("reason")).contains("is not allowed")));
    assertThat(relay.core.snapshot().relay().eventsIn()).isZero();
    assertThat(c.eventTexts()).isEmpty();
  }
}
