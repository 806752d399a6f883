package io.relayscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.NKey;
import io.relayscope.cli.RelayscopeMain;
import io.relayscope.support.CliRun;
import io.relayscope.support.CliRun.Result;
import io.relayscope.support.NatsServer;
import io.relayscope.support.TestRelay;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A NATS password never has to be on the command line (where {@code ps} shows it): the relay and the
 * console take it from a file or from {@code RELAYSCOPE_NATS_PASSWORD}, or authenticate with an
 * nkey seed file; a bad source is a one-line usage error and no error names the password.
 */
class NatsPasswordSourcesTest {
  private static final String PASSWORD = "pw-from-file-91c2";
  private static final String USERS = "authorization { users = [ { user: relay, password: \"" + PASSWORD + "\" } ] }";

  private Path dir;

  @BeforeEach
  void dir() throws Exception {
    dir = TestRelay.newSocketDir();
  }

  @AfterEach
  void clean() throws Exception {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) Files.deleteIfExists(p);
    }
    Files.deleteIfExists(dir);
  }

  private Path secretFile(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  /** The relay's own arguments around {@code nats}: headless, for {@code runFor}, with a status line each second. */
  private List<String> relay(String runFor, String... nats) {
    var args = new ArrayList<>(List.of("--headless", "--event-socket-path", dir.resolve("events.sock").toString(),
        "--port", "0", "--no-journal", "--node", "n1", "--run-for", runFor, "--status-interval", "1s"));
    args.addAll(List.of(nats));
    return args;
  }

  private static Result run(List<String> args) {
    return CliRun.run(args);
  }

  private static void assertUsageError(Result r, String mentions) {
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(2);
    assertThat(r.errLines()).as("stderr").hasSize(1);
    assertThat(r.errLines().get(0)).startsWith("relayscope: ").contains(mentions);
  }

  @Test
  void theRelayTakesThePasswordFromAFile() throws Exception {
    try (var nats = NatsServer.start(USERS)) {
      Path file = secretFile("nats-password", PASSWORD + "\n"); // as `echo pw > file` writes it
      Result r = run(relay("3s", "--nats", "nats://relay@127.0.0.1:" + nats.port, "--nats-password-file", file.toString()));
      assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isZero();
      assertThat(r.out()).contains("nats connected").doesNotContain(PASSWORD);
      assertThat(r.err()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void aWrongPasswordFromAFileIsOneLineWithoutThePassword() throws Exception {
    try (var nats = NatsServer.start(USERS)) {
      Path file = secretFile("nats-password", "not-" + PASSWORD);
      Result r = run(relay("3s", "--nats", "nats://relay@127.0.0.1:" + nats.port, "--nats-password-file", file.toString()));
      assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(1);
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.errLines().get(0)).startsWith("relayscope: cannot connect to NATS at nats://127.0.0.1:" + nats.port)
          .doesNotContain(PASSWORD).doesNotContain("relay@");
      // The console (--fleet) takes the same flag and says the same, without the password.
      Result console = run(List.of("--fleet", "nats://relay@127.0.0.1:" + nats.port, "--nats-password-file", file.toString()));
      assertThat(console.exitCode()).as("exit code; stderr: %s", console.err()).isEqualTo(1);
      assertThat(console.errLines()).hasSize(1);
      assertThat(console.errLines().get(0)).startsWith("relayscope: cannot attach to the fleet at nats://127.0.0.1:" + nats.port)
          .containsIgnoringCase("authorization").doesNotContain(PASSWORD);
    }
  }

  @Test
  void badPasswordSourcesAreOneLineUsageErrors() throws Exception {
    Path file = secretFile("nats-password", PASSWORD);
    Path empty = secretFile("empty", "\n");
    assertUsageError(run(relay("1s", "--nats", "nats://relay@127.0.0.1:4222", "--nats-password-file", "/no/such/file")),
        "--nats-password-file");
    assertUsageError(run(relay("1s", "--nats", "nats://relay@127.0.0.1:4222", "--nats-password-file", empty.toString())),
        "--nats-password-file");
    // Two passwords: which one is meant is not the relay's guess.
    Result both = run(relay("1s", "--nats", "nats://relay:urlpw-5d1@127.0.0.1:4222", "--nats-password-file", file.toString()));
    assertUsageError(both, "--nats-password-file");
    assertThat(both.err()).doesNotContain("urlpw-5d1").doesNotContain(PASSWORD);
    // A password needs a user to go with it.
    assertUsageError(run(relay("1s", "--nats", "nats://127.0.0.1:4222", "--nats-password-file", file.toString())), "user");
    assertUsageError(run(relay("1s", "--nats-password-file", file.toString())), "--nats-password-file");
    // One way to log in at a time.
    Path seed = secretFile("seed.nk", new String(NKey.createUser(null).getSeed()));
    assertUsageError(run(relay("1s", "--nats", "nats://relay@127.0.0.1:4222", "--nats-password-file", file.toString(),
        "--nats-nkey", seed.toString())), "--nats-nkey");
    // A URL that is not one names no password either.
    Result notUrl = run(relay("1s", "--nats", "http://relay:" + PASSWORD + "@h:4222"));
    assertUsageError(notUrl, "--nats");
    assertThat(notUrl.err()).doesNotContain(PASSWORD);
  }

  @Test
  void theRelayAuthenticatesWithAnNkeySeedFile() throws Exception {
    NKey key = NKey.createUser(null);
    try (var nats = NatsServer.start("authorization { users = [ { nkey: " + new String(key.getPublicKey()) + " } ] }")) {
      Path seed = secretFile("relay.nk", new String(key.getSeed()) + "\n");
      Result r = run(relay("3s", "--nats", "nats://127.0.0.1:" + nats.port, "--nats-nkey", seed.toString()));
      assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isZero();
      assertThat(r.out()).contains("nats connected");
    }
  }

  /** In its own JVM, as an operator starts it: the password in the environment, none in the command line. */
  @Test
  void theRelayTakesThePasswordFromTheEnvironmentAndPsShowsNone() throws Exception {
    try (var nats = NatsServer.start(USERS)) {
      String java = ProcessHandle.current().info().command().orElse("java");
      var command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), RelayscopeMain.class.getName()));
      command.addAll(relay("6s", "--nats", "nats://relay@127.0.0.1:" + nats.port));
      var pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put("RELAYSCOPE_NATS_PASSWORD", PASSWORD);
      Process p = pb.start();
      try {
        // What ps shows: the process's whole argument vector.
        String commandLine = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).replace('\0', ' ');
        assertThat(commandLine).contains("nats://relay@127.0.0.1").doesNotContain(PASSWORD);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("nats connected").doesNotContain(PASSWORD);
      } finally {
        p.destroyForcibly();
      }
    }
  }
}
