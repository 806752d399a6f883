package io.relayscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.support.TestRelay;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.relayscope.support.CliRun;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The command line, run in-process through {@link RelayscopeMain#run}. */
class RelayCommandTest {
  /** Runs the command in-process, its output captured ({@link CliRun}). */
  private static CliRun.Result run(String... args) {
    return CliRun.run(List.of(args));
  }

  private static void assertUsageError(CliRun.Result r) {
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(2);
    assertThat(r.errLines()).as("stderr").hasSize(1);
    assertThat(r.errLines().get(0)).startsWith("relayscope: ");
    assertThat(r.out()).as("stdout").isEmpty();
  }

  /** A bare "%" in a description is a format specifier to picocli: it warned on stderr and printed the raw text. */
  @Test
  void benchHelpPrintsCleanlyWithItsPercentsAndTheConsoleStrategy() {
    CliRun.Result r = run("bench", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).as("stderr").isEmpty();
    String flat = r.out().replaceAll("\\s+", " ");
    assertThat(flat).contains("under 0.5 % of a core", "console (the", "with its window open");
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    CliRun.Result r = run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).isEmpty();
    String help = r.out();
    // Descriptions wrap at the terminal width; compare with whitespace runs collapsed.
    String flat = help.replaceAll("\\s+", " ");

    assertThat(help).contains("--event-socket-path", "/tmp/statemachine-events.sock", "--send-timeout", "2s",
        "--slow-client", "--keepalive-timeout", "--port", "3002");
    assertThat(flat).contains("(default: /tmp/statemachine-events.sock)", "(default: 2s)", "(default: 3002)",
        "(default: evict)", "(default: 15s)", "(default: 0600;", "(default: 8MiB)", "(default: 200KB)");

    var spec = new CommandLine(new RelayCommand()).getCommandSpec();
    for (OptionSpec option : spec.options()) {
      if (option.hidden()) continue;
      for (String name : option.names()) {
        assertThat(help).as("help mentions %s", name).contains(name);
      }
      if (option.defaultValue() != null) {
        assertThat(flat).as("help gives the default of %s", option.longestName())
            .contains("default: " + option.defaultValue());
      }
    }
  }

  @Test
  void versionExitsZero() {
    CliRun.Result r = run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("relayscope ");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void fleetConsoleCannotBeHeadlessAndSaysWhenNatsCannotBeReached() throws Exception {
    assertUsageError(run("--fleet", "nats://127.0.0.1:4222", "--headless"));
    assertUsageError(run("--fleet", "nats://127.0.0.1:4222", "--fleet-stale-after", "0"));
    int closedPort;
    try (var s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    CliRun.Result r = run("--fleet", "nats://alice:hunter2@127.0.0.1:" + closedPort);
    assertThat(r.exitCode()).as("stderr: %s", r.err()).isEqualTo(1);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.errLines().get(0)).startsWith("relayscope: cannot attach to the fleet at nats://127.0.0.1:" + closedPort + ": ")
        .doesNotContain("hunter2");
  }

  @Test
  void edgeLimitsOutOfRangeAreUsageErrors() {
    CliRun.Result head = run("--max-request-head", "100");
    assertUsageError(head);
    assertThat(head.err()).contains("request head");
    CliRun.Result backlog = run("--listen-backlog", "0");
    assertUsageError(backlog);
    assertThat(backlog.err()).contains("backlog");
  }

  /** This JVM has -Xmx1g (surefire's argLine): a 2 GiB resume ring cannot fit, whatever else. */
  @Test
  void boundsTheHeapCannotHoldAreAUsageErrorNamingTheFlags() {
    CliRun.Result r = run("--headless", "--port", "0", "--no-journal", "--resume-bytes", "2GiB");
    assertUsageError(r);
    assertThat(r.err()).contains("--resume-bytes 2048 MiB").contains("--handoff-bytes 32 MiB")
        .contains("--machine-table-bytes 64 MiB").contains("-Xmx");
  }

  @Test
  void unknownFlagIsAUsageError() {
    CliRun.Result r = run("--no-such-flag");
    assertUsageError(r);
    assertThat(r.err()).contains("--no-such-flag");
  }

  @Test
  void badDurationIsAUsageError() {
    CliRun.Result r = run("--send-timeout", "xx");
    assertUsageError(r);
    assertThat(r.err()).contains("--send-timeout").contains("xx");
  }

  @Test
  void badSlowClientPolicyIsAUsageError() {
    CliRun.Result r = run("--slow-client", "maybe");
    assertUsageError(r);
    assertThat(r.err()).contains("--slow-client").contains("maybe");
  }

  @ParameterizedTest
  @ValueSource(strings = {"999", "abc", "06600"})
  void badSocketModeIsAUsageError(String mode) {
    CliRun.Result r = run("--socket-mode", mode);
    assertUsageError(r);
    assertThat(r.err()).contains("--socket-mode").contains(mode);
  }

  @ParameterizedTest
  @ValueSource(strings = {"70000", "-1"})
  void portOutOfRangeIsAUsageError(String port) {
    CliRun.Result r = run("--port", port);
    assertUsageError(r);
    assertThat(r.err()).contains("--port").contains(port);
  }

  @Test
  void badSizeIsAUsageError() {
    CliRun.Result r = run("--max-event-bytes", "lots");
    assertUsageError(r);
    assertThat(r.err()).contains("--max-event-bytes");
  }

  @Test
  void anotherRelayOnTheSocketPathExitsOne() throws Exception {
    try (var running = TestRelay.start()) {
      CliRun.Result r = run("--headless", "--event-socket-path", running.socket.toString(), "--port", "0");
      assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(1);
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.errLines().get(0))
          .startsWith("relayscope: ")
          .contains("another process is already receiving on " + running.socket);
      assertThat(r.out()).isEmpty();
      assertThat(Files.exists(running.socket, LinkOption.NOFOLLOW_LINKS)).isTrue();
      assertThat(running.core.snapshot().relay().eventSocketBound()).isTrue();
    }
  }

  @Test
  void unreadablePipelineDbExitsOneAndLeavesNoSocket() throws Exception {
    Path dir = TestRelay.newSocketDir();
    Path socket = dir.resolve("events.sock");
    try {
      CliRun.Result r = run("--headless", "--event-socket-path", socket.toString(), "--port", "0",
          "--pipeline-db", dir.resolve("missing.db").toString());
      assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(1);
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.errLines().get(0)).startsWith("relayscope: cannot read --pipeline-db: ").contains("missing.db");
      assertThat(Files.exists(socket, LinkOption.NOFOLLOW_LINKS)).isFalse();
    } finally {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  @Test
  void portInUseExitsOneAndRemovesTheSocketItBound() throws Exception {
    Path dir = TestRelay.newSocketDir();
    Path socket = dir.resolve("events.sock");
    try (var taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      CliRun.Result r = run("--headless", "--event-socket-path", socket.toString(), "--port",
          String.valueOf(taken.getLocalPort()));
      assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(1);
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.errLines().get(0)).startsWith("relayscope: cannot listen on 127.0.0.1:" + taken.getLocalPort());
      assertThat(Files.exists(socket, LinkOption.NOFOLLOW_LINKS)).as("socket file left behind").isFalse();
    } finally {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  /** Parses {@code args} as picocli does for a run, and returns the configuration the relay would start with. */
  private static io.relayscope.core.CoreConfig configOf(String... args) {
    var cmd = new RelayCommand();
    var commandLine = new CommandLine(cmd);
    commandLine.parseArgs(args);
    return new ConfigFromOptions(commandLine, cmd.options).coreConfig();
  }

  @Test
  void everyLimitFlagReachesTheConfig() {
    var c = configOf("--resume-events", "500", "--resume-bytes", "3MiB", "--handoff-bytes", "5MiB",
        "--max-machines", "1234", "--max-machine-name", "100", "--machine-table-bytes", "7MiB",
        "--max-event-bytes", "100KB", "--client-queue-bytes", "2MiB", "--client-queue-frames", "999",
        "--send-timeout", "750ms", "--keepalive-interval", "3s", "--keepalive-timeout", "9s", "--json-ping-interval", "0",
        "--handshake-timeout", "4s", "--max-clients", "12", "--inbound-rate", "7", "--journal-file-size", "1MiB",
        "--journal-files", "3", "--port", "4000", "--slow-client", "flag");
    assertThat(c.relay().resumeEvents()).isEqualTo(500);
    assertThat(c.relay().resumeBytes()).isEqualTo(3L << 20);
    assertThat(c.limits().handoffBytes()).isEqualTo(5L << 20);
    assertThat(c.limits().maxMachines()).isEqualTo(1234);
    assertThat(c.limits().maxMachineNameBytes()).isEqualTo(100);
    assertThat(c.limits().machineTableBytes()).isEqualTo(7L << 20);
    assertThat(c.maxEventBytes()).isEqualTo(100 * 1024);
    assertThat(c.relay().clientQueueBytes()).isEqualTo(2L << 20);
    assertThat(c.relay().clientQueueFrames()).isEqualTo(999);
    assertThat(c.relay().sendTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(c.relay().keepaliveInterval()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.relay().keepaliveTimeout()).isEqualTo(Duration.ofSeconds(9));
    assertThat(c.relay().jsonPingInterval()).isEqualTo(Duration.ZERO);
    assertThat(c.relay().access().handshakeTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(c.relay().access().maxClients()).isEqualTo(12);
    assertThat(c.relay().access().inboundMessagesPerSecond()).isEqualTo(7);
    assertThat(c.journalFileBytes()).isEqualTo(1L << 20);
    assertThat(c.journalFiles()).isEqualTo(3);
    assertThat(c.relay().port()).isEqualTo(4000);
    assertThat(c.relay().slowClientPolicy()).isEqualTo(io.relayscope.relay.SlowClientPolicy.FLAG);
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    var c = configOf();
    // 200KB on the command line is the constant the tests and the relay use: sizes are binary (KB = KiB).
    assertThat(c.maxEventBytes()).isEqualTo(io.relayscope.core.CoreConfig.DEFAULT_MAX_EVENT_BYTES).isEqualTo(204_800);
    assertThat(configOf("--max-event-bytes", "200KiB").maxEventBytes()).isEqualTo(204_800);
    assertThat(c.relay().resumeBytes()).isEqualTo(io.relayscope.relay.RelayConfig.DEFAULT_RESUME_BYTES).isEqualTo(64L << 20);
    assertThat(c.limits()).isEqualTo(io.relayscope.core.CoreConfig.StoreLimits.defaults());
    assertThat(c.limits().handoffBytes()).isEqualTo(32L << 20);
    assertThat(c.limits().maxMachines()).isEqualTo(10_000);
    assertThat(c.limits().maxMachineNameBytes()).isEqualTo(256);
    // The largest possible initial fits the default per-client cap: every new client gets it.
    assertThat(io.relayscope.machines.MachineRegistry.largestEntryBytes(256)).isLessThan(c.relay().initialBytesAllowed());
    assertThat(c.relay().initialBytesAllowed()).isLessThan(c.relay().clientQueueBytes());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "--keepalive-interval=0", "--keepalive-interval=0.0001s", "--keepalive-timeout=0", "--send-timeout=0",
    "--handshake-timeout=0", "--json-ping-interval=0.1ms", "--status-interval=0.5ms", "--run-for=0",
    "--keepalive-timeout=2s", "--max-clients=0", "--inbound-rate=0", "--client-queue-frames=0", "--resume-events=-1",
    "--max-machines=0", "--max-machine-name=0", "--max-machine-name=1MiB", "--handoff-bytes=100KB",
    "--machine-table-bytes=64KiB", "--client-queue-bytes=512", "--client-queue-bytes=4KiB", "--journal-files=0",
    "--journal-file-size=1KiB", "--max-inbound-frame=0", "--keepalive-interval=-1s", "--resume-bytes=99999999999GiB"})
  void aNonsenseLimitIsAOneLineUsageError(String arg) {
    CliRun.Result r = run("--headless", "--port", "0", "--no-journal", arg);
    assertUsageError(r);
    String flag = arg.substring(0, arg.indexOf('='));
    assertThat(r.err()).contains(flag);
  }

  @ParameterizedTest
  @ValueSource(strings = {"--json-ping-interval=0", "--status-interval=0", "--resume-events=0", "--resume-bytes=0"})
  void zeroTurnsTheseOff(String arg) {
    var c = configOf(arg);
    assertThat(c).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "--nats=localhost:4222", "--nats=http://h:4222", "--nats=nats://127.0.0.1:4222 --node=a.b",
    "--nats=nats://127.0.0.1:4222 --node=a>b", "--nats-source", "--nats=nats://127.0.0.1:4222 --nats-source-start=sometimes",
    "--nats=nats://127.0.0.1:4222 --nats-history=0.5s", "--nats=nats://127.0.0.1:4222 --nats-buffer-events=0",
    "--nats=nats://127.0.0.1:4222 --nats-buffer-bytes=100", "--nats=nats://127.0.0.1:4222 --nats-creds=/no/such.creds",
    "--nats=nats://127.0.0.1:4222 --nats-tls-ca=/no/such-ca.pem",
    "--nats=nats://127.0.0.1:4222 --nats-tls-key=/no/such-key.pem --nats-tls-cert=/no/such-cert.pem"})
  void aBadFleetFlagIsAOneLineUsageError(String args) {
    var all = new java.util.ArrayList<>(List.of("--headless", "--port", "0", "--no-journal"));
    all.addAll(List.of(args.split(" ")));
    CliRun.Result r = run(all.toArray(String[]::new));
    assertUsageError(r);
    String last = args.substring(args.lastIndexOf("--"));
    String flag = last.contains("=") ? last.substring(0, last.indexOf('=')) : last;
    assertThat(r.err()).contains(flag.equals("--nats-source") ? "--nats-source needs --nats" : flag);
  }

  @Test
  void anUnreachableNatsExitsOneAndLeavesNoSocket() throws Exception {
    Path dir = TestRelay.newSocketDir();
    Path socket = dir.resolve("events.sock");
    int closedPort;
    try (var s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try {
      CliRun.Result r = run("--headless", "--event-socket-path", socket.toString(), "--port", "0", "--no-journal",
          "--nats", "nats://127.0.0.1:" + closedPort, "--node", "n1");
      assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(1);
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.errLines().get(0)).startsWith("relayscope: cannot connect to NATS at nats://127.0.0.1:" + closedPort);
      assertThat(Files.exists(socket, LinkOption.NOFOLLOW_LINKS)).as("socket file left behind").isFalse();
    } finally {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }

  @Test
  void aHeadlessRelayWithNatsJoinsTheFleetAndSaysSoInItsStatusLine() throws Exception {
    Path dir = TestRelay.newSocketDir();
    Path socket = dir.resolve("events.sock");
    try (var nats = io.relayscope.support.NatsServer.start()) {
      CliRun.Result r = run("--headless", "--event-socket-path", socket.toString(), "--port", "0", "--no-journal",
          "--nats", nats.url(), "--node", "n1", "--run-for", "2500ms", "--status-interval", "1s");
      assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isZero();
      assertThat(r.out()).contains("nats connected (published 0, buffered 0, lost 0, facts lost 0)");
      try (var c = io.nats.client.Nats.connect(nats.url())) {
        var facts = c.jetStreamManagement().getStreamInfo(io.relayscope.fleet.FleetSubjects.FACTS_STREAM);
        assertThat(facts.getStreamState().getMsgCount()).isPositive();
      }
    } finally {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    }
  }
}
