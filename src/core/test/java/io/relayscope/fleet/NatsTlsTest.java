package io.relayscope.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relayscope.support.FleetRelay;
import io.relayscope.support.NatsServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** tls:// with a private CA: without --nats-tls-ca the start error says the certificate is the cause. */
class NatsTlsTest {
  /** A self-signed certificate for 127.0.0.1 (openssl), which is its own CA. */
  private static Path certificate(Path dir) throws Exception {
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
        "-subj", "/CN=relayscope-test", "-addext", "subjectAltName=IP:127.0.0.1").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return dir.resolve("cert.pem");
  }

  @Test
  void withoutTheCaTheStartErrorNamesTheCertificateAndTheFlag() throws Exception {
    Path dir = Files.createTempDirectory("nats-tls");
    Path cert = certificate(dir);
    String tls = "tls { cert_file: \"" + cert + "\", key_file: \"" + dir.resolve("key.pem") + "\" }";
    try (var nats = NatsServer.start(tls)) {
      String url = "tls://127.0.0.1:" + nats.port;
      assertThatThrownBy(() -> FleetRelay.start(url, "gpu-1").close())
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("cannot connect to NATS at " + url)
          .hasMessageContaining("TLS certificate signed by a private CA?").hasMessageContaining("--nats-tls-ca FILE");
      try (var a = FleetRelay.start(url, "gpu-1", o -> o.withAccess(NatsAccess.of(null, null, null, null, TlsFiles.trusting(cert))))) {
        assertThat(a.node.health().status()).isEqualTo("connected");
      }
    }
  }
}
