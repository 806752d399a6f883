package io.relayscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.relayscope.support.CliRun;
import io.relayscope.support.CliRun.Result;
import io.relayscope.support.EventSender;
import io.relayscope.support.FleetAccounts;
import io.relayscope.support.FleetRelay;
import io.relayscope.support.NatsServer;
import io.relayscope.support.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * mTLS: nats-server with {@code verify_and_map}, so a node's client certificate is its login (its
 * subject is the NATS user) and no password exists to leak. With its certificate a relay connects
 * and publishes; without one the start fails in one line that names the flags; a bad certificate
 * or key file is a one-line usage error naming the file, never showing the key.
 */
class NatsClientCertificateTest {
  private static TestPki pki;
  private static TestPki.Client gpu1;
  private static TestPki.Client gpu2;
  private static TestPki.Client reader;
  private static NatsServer nats;

  @BeforeAll
  static void start() throws Exception {
    pki = TestPki.create();
    gpu1 = pki.client("gpu-1");
    gpu2 = pki.ecClient("gpu-2");
    reader = pki.client("reader");
    nats = NatsServer.start(pki.natsTls("verify_and_map") + "\n"
        + "authorization { users = [\n"
        + FleetAccounts.certificateUser("CN=gpu-1", "gpu-1") + "\n"
        + FleetAccounts.certificateUser("CN=gpu-2", "gpu-2") + "\n"
        + "  { user: \"CN=reader\" }\n"
        + "] }\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (nats != null) nats.close();
    if (pki != null) pki.close();
  }

  private static String url() {
    return "tls://127.0.0.1:" + nats.port;
  }

  private static NatsAccess access(TestPki.Client client) {
    return NatsAccess.of(null, null, null, null, new TlsFiles(pki.ca, client.cert(), client.key()));
  }

  /** The relay's command line around {@code tls}: headless, for {@code runFor}, a status line each second. */
  private static List<String> relay(String runFor, String node, String... tls) throws Exception {
    Path dir = Files.createTempDirectory(pki.dir, "relay");
    var args = new ArrayList<>(List.of("--headless", "--event-socket-path", dir.resolve("events.sock").toString(),
        "--port", "0", "--no-journal", "--node", node, "--run-for", runFor, "--status-interval", "1s",
        "--nats", url()));
    args.addAll(List.of(tls));
    return args;
  }

  private static void assertOneLine(Result r, int exitCode, String... mentions) throws Exception {
    assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(exitCode);
    assertThat(r.errLines()).as("stderr").hasSize(1);
    assertThat(r.errLines().get(0)).startsWith("relayscope: ").contains(mentions);
    // No key material, whatever went wrong.
    for (var key : List.of(gpu1.key(), gpu2.key())) {
      String body = Files.readAllLines(key).get(1);
      assertThat(r.err()).doesNotContain(body);
      assertThat(r.out()).doesNotContain(body);
    }
  }

  @Test
  void aRelayWithItsClientCertificatePublishesAndTheEventsReachTheStream() throws Exception {
    try (var a = FleetRelay.start(url(), "gpu-1", o -> o.withAccess(access(gpu1)));
        var engine = a.relay.sender();
        Connection admin = Nats.connect(access(reader).apply(new Options.Builder().server(url())).build())) {
      for (int i = 1; i <= 5; i++) engine.send(EventSender.numbered(i, 100));
      await().atMost(Duration.ofSeconds(60)).until(() -> a.node.health().published() == 5);
      assertThat(a.node.health().status()).isEqualTo("connected");
      assertThat(FleetDeliveryTest.againstOneTo(FleetDeliveryTest.storedSeqs(admin, "gpu-1"), 5)).isEqualTo("1..5 in order");
    }
  }

  /** {@code verify: true}: the certificate is required but is not the login; the node's password still is. */
  @Test
  void withVerifyTheCertificateComesWithThePassword() throws Exception {
    try (var verifying = NatsServer.start(pki.natsTls("verify") + "\n" + FleetAccounts.perNode("gpu-1"))) {
      String tls = "tls://127.0.0.1:" + verifying.port;
      var login = NatsAccess.of("gpu-1:" + FleetAccounts.PASSWORD, null, null, null,
          new TlsFiles(pki.ca, gpu1.cert(), gpu1.key()));
      try (var a = FleetRelay.start(tls, "gpu-1", o -> o.withAccess(login));
          var engine = a.relay.sender()) {
        engine.send(EventSender.numbered(1, 100));
        await().atMost(Duration.ofSeconds(60)).until(() -> a.node.health().published() == 1);
      }
      var noCertificate = NatsAccess.of("gpu-1:" + FleetAccounts.PASSWORD, null, null, null, TlsFiles.trusting(pki.ca));
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> FleetRelay.start(tls, "gpu-1", o -> o.withAccess(noCertificate)).close())
          .isInstanceOf(java.io.IOException.class).hasMessageContaining("--nats-tls-cert FILE and --nats-tls-key FILE");
    }
  }

  @Test
  void theCommandLineTakesTheCertificateWithAPkcs8OrATraditionalRsaOrEcKey() throws Exception {
    Result pkcs8 = CliRun.run(relay("3s", "gpu-1", "--nats-tls-ca", pki.ca.toString(),
        "--nats-tls-cert", gpu1.cert().toString(), "--nats-tls-key", gpu1.key().toString()));
    assertThat(pkcs8.exitCode()).as("exit code; stderr: %s", pkcs8.err()).isZero();
    assertThat(pkcs8.out()).contains("nats connected");

    Path rsa = pki.convert(gpu1.key(), "gpu-1-key.rsa.pem", "rsa", "-traditional"); // -----BEGIN RSA PRIVATE KEY-----
    assertThat(Files.readString(rsa)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    Result traditional = CliRun.run(relay("3s", "gpu-1", "--nats-tls-ca", pki.ca.toString(),
        "--nats-tls-cert", gpu1.cert().toString(), "--nats-tls-key", rsa.toString()));
    assertThat(traditional.exitCode()).as("exit code; stderr: %s", traditional.err()).isZero();
    assertThat(traditional.out()).contains("nats connected");

    Path ec = pki.convert(gpu2.key(), "gpu-2-key.ec.pem", "ec"); // -----BEGIN EC PRIVATE KEY-----
    assertThat(Files.readString(ec)).startsWith("-----BEGIN EC PRIVATE KEY-----");
    Result sec1 = CliRun.run(relay("3s", "gpu-2", "--nats-tls-ca", pki.ca.toString(),
        "--nats-tls-cert", gpu2.cert().toString(), "--nats-tls-key", ec.toString()));
    assertThat(sec1.exitCode()).as("exit code; stderr: %s", sec1.err()).isZero();
    assertThat(sec1.out()).contains("nats connected");
  }

  @Test
  void withoutAClientCertificateTheStartFailsInOneLineNamingTheFlags() throws Exception {
    Result r = CliRun.run(relay("3s", "gpu-1", "--nats-tls-ca", pki.ca.toString()));
    assertOneLine(r, 1, "cannot connect to NATS at " + url(), "--nats-tls-cert", "--nats-tls-key");
    // The console takes the same flags and says the same.
    Result console = CliRun.run(List.of("--fleet", url(), "--nats-tls-ca", pki.ca.toString()));
    assertOneLine(console, 1, "cannot attach to the fleet at " + url(), "--nats-tls-cert");
  }

  @Test
  void badCertificateOrKeyFilesAreOneLineUsageErrorsNamingTheFile() throws Exception {
    String cert = gpu1.cert().toString();
    String key = gpu1.key().toString();
    // Both or neither.
    assertOneLine(CliRun.run(relay("1s", "gpu-1", "--nats-tls-cert", cert)), 2, "--nats-tls-key");
    assertOneLine(CliRun.run(relay("1s", "gpu-1", "--nats-tls-key", key)), 2, "--nats-tls-cert");
    // Without --nats or --fleet they mean nothing.
    var alone = new ArrayList<>(relay("1s", "gpu-1", "--nats-tls-cert", cert, "--nats-tls-key", key));
    alone.removeAll(List.of("--nats", url()));
    assertOneLine(CliRun.run(alone), 2, "--nats-tls-cert needs --nats or --fleet");
    // Unreadable.
    assertOneLine(CliRun.run(relay("1s", "gpu-1", "--nats-tls-cert", cert, "--nats-tls-key", "/no/such/key.pem")), 2,
        "--nats-tls-key", "/no/such/key.pem");
    // Not a key at all (a certificate given as the key).
    assertOneLine(CliRun.run(relay("1s", "gpu-1", "--nats-tls-cert", cert, "--nats-tls-key", cert)), 2,
        "--nats-tls-key", cert, "PKCS#8", "openssl pkcs8 -topk8 -nocrypt");
    // Not a certificate (the key given as the certificate).
    assertOneLine(CliRun.run(relay("1s", "gpu-1", "--nats-tls-cert", key, "--nats-tls-key", key)), 2,
        "--nats-tls-cert", key, "certificate");
    // Encrypted: the relay has no passphrase to give.
    Path encrypted = pki.convert(gpu1.key(), "gpu-1-key.enc.pem", "pkcs8", "-topk8", "-v2", "aes-256-cbc",
        "-passout", "pass:secret-pass");
    assertOneLine(CliRun.run(relay("1s", "gpu-1", "--nats-tls-cert", cert, "--nats-tls-key", encrypted.toString())), 2,
        "--nats-tls-key", encrypted.toString(), "encrypted", "openssl pkcs8 -topk8 -nocrypt");
    // Another certificate's key.
    assertOneLine(CliRun.run(relay("1s", "gpu-1", "--nats-tls-cert", cert, "--nats-tls-key", reader.key().toString())), 2,
        "--nats-tls-key", reader.key().toString(), "does not match", cert);
    // A CA file with no certificate in it.
    assertOneLine(CliRun.run(relay("1s", "gpu-1", "--nats-tls-ca", key, "--nats-tls-cert", cert, "--nats-tls-key", key)), 2,
        "--nats-tls-ca", key);
  }
}
