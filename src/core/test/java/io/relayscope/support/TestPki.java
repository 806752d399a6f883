package io.relayscope.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private CA made with {@code openssl}, as an operator makes one: a server certificate for
 * 127.0.0.1 and client certificates (extended key usage clientAuth, which nats-server's
 * {@code verify} requires) whose subject is {@code CN=<name>}. Keys come as openssl writes them:
 * unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}).
 */
public final class TestPki implements AutoCloseable {
  public final Path dir;
  public final Path ca;
  public final Path serverCert;
  public final Path serverKey;

  private TestPki(Path dir) {
    this.dir = dir;
    this.ca = dir.resolve("ca.pem");
    this.serverCert = dir.resolve("server.pem");
    this.serverKey = dir.resolve("server-key.pem");
  }

  /** A client's certificate chain and key. */
  public record Client(Path cert, Path key) {}

  public static TestPki create() throws IOException, InterruptedException {
    var pki = new TestPki(Files.createTempDirectory("relayscope-pki"));
    pki.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", pki.path("ca-key.pem"),
        "-out", pki.path("ca.pem"), "-subj", "/CN=relayscope-test-ca");
    pki.signed("server", "/CN=127.0.0.1", "rsa:2048", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    return pki;
  }

  /** A client certificate for {@code CN=<name>} with an RSA key. */
  public Client client(String name) throws IOException, InterruptedException {
    signed(name, "/CN=" + name, "rsa:2048", "extendedKeyUsage=clientAuth\n");
    return new Client(dir.resolve(name + ".pem"), dir.resolve(name + "-key.pem"));
  }

  /** A client certificate for {@code CN=<name>} with a P-256 key. */
  public Client ecClient(String name) throws IOException, InterruptedException {
    signed(name, "/CN=" + name, "ec", "extendedKeyUsage=clientAuth\n");
    return new Client(dir.resolve(name + ".pem"), dir.resolve(name + "-key.pem"));
  }

  /** {@code key} rewritten by {@code openssl <command> -in key <args>} into {@code name}. */
  public Path convert(Path key, String name, String... command) throws IOException, InterruptedException {
    var args = new ArrayList<>(List.of(command));
    args.addAll(List.of("-in", key.toString(), "-out", path(name)));
    openssl(args.toArray(String[]::new));
    return dir.resolve(name);
  }

  /** The nats-server {@code tls} block: this CA's server certificate, clients verified against the CA. */
  public String natsTls(String verify) {
    // timeout: a TLS handshake on a loaded two-core machine can take longer than nats-server's 0.5 s default
    return "tls { cert_file: \"" + serverCert + "\", key_file: \"" + serverKey + "\", ca_file: \"" + ca + "\", "
        + verify + ": true, timeout: 10 }";
  }

  private void signed(String name, String subject, String keyType, String extensions) throws IOException, InterruptedException {
    var args = new ArrayList<>(List.of("req", "-newkey", keyType));
    if (keyType.equals("ec")) args.addAll(List.of("-pkeyopt", "ec_paramgen_curve:prime256v1"));
    args.addAll(List.of("-nodes", "-keyout", path(name + "-key.pem"), "-out", path(name + ".csr"), "-subj", subject));
    openssl(args.toArray(String[]::new));
    Files.writeString(dir.resolve(name + ".ext"), extensions);
    openssl("x509", "-req", "-in", path(name + ".csr"), "-CA", path("ca.pem"), "-CAkey", path("ca-key.pem"),
        "-CAcreateserial", "-days", "1", "-out", path(name + ".pem"), "-extfile", path(name + ".ext"));
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  /** Deletes the keys and everything else made here. */
  @Override
  public void close() throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  private void openssl(String... args) throws IOException, InterruptedException {
    var command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(command + " failed: " + out);
  }
}
