package io.relayscope.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The SSLContext for NATS from PEM files ({@link TlsFiles}), with the JDK alone: the CA in an
 * in-memory trust store, the client certificate chain and key in an in-memory key store. Every
 * error is an IOException naming the flag and the file, never the key.
 */
public final class TlsContext {
  /** Protects nothing (the store never leaves memory); the JDK's key stores want one. */
  private static final char[] IN_MEMORY = "in-memory".toCharArray();

  private TlsContext() {}

  public static SSLContext of(TlsFiles files) throws IOException {
    try {
      var ctx = SSLContext.getInstance("TLS");
      // null: the JVM's default (its CAs; no client certificate)
      ctx.init(files.cert() == null ? null : keyManagers(files.cert(), files.key()).getKeyManagers(),
          files.ca() == null ? null : trusting(files.ca()).getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS from " + files + ": " + e.getMessage(), e);
    }
  }

  private static TrustManagerFactory trusting(Path ca) throws IOException, GeneralSecurityException {
    var store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (var cert : certificates(ca, "--nats-tls-ca")) store.setCertificateEntry("ca" + i++, cert);
    var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    return tmf;
  }

  private static KeyManagerFactory keyManagers(Path cert, Path key) throws IOException, GeneralSecurityException {
    List<X509Certificate> chain = certificates(cert, "--nats-tls-cert");
    PrivateKey privateKey = PemPrivateKey.read(key, "--nats-tls-key");
    if (!matches(privateKey, chain.get(0))) {
      throw new IOException("--nats-tls-key " + key + " does not match the certificate in --nats-tls-cert " + cert
          + " (the first certificate there must be the client's own)");
    }
    var store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("client", privateKey, IN_MEMORY, chain.toArray(X509Certificate[]::new));
    var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, IN_MEMORY);
    return kmf;
  }

  /** The PEM certificates in {@code file}, at least one (the JDK parses them). */
  private static List<X509Certificate> certificates(Path file, String flag) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      var certs = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(X509Certificate.class::cast).toList();
      if (certs.isEmpty()) throw new IOException(flag + " " + file + ": no PEM certificate in it");
      return certs;
    } catch (CertificateException e) {
      throw new IOException(flag + " " + file + ": not a PEM certificate (-----BEGIN CERTIFICATE-----)", e);
    }
  }

  /**
   * Whether {@code key} is the private half of {@code cert}'s public key: a mismatch would fail only
   * in the TLS handshake, as a timeout that names neither file.
   */
  private static boolean matches(PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
      default -> null;
    };
    if (algorithm == null) return true; // no check for this type: the handshake will tell
    if (!key.getAlgorithm().equals(cert.getPublicKey().getAlgorithm())
        && !(algorithm.equals("EdDSA") && cert.getPublicKey().getAlgorithm().startsWith("Ed"))) {
      return false;
    }
    byte[] probe = "relayscope key check".getBytes(StandardCharsets.US_ASCII);
    var signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(probe);
    byte[] signature = signer.sign();
    var verifier = Signature.getInstance(algorithm);
    verifier.initVerify(cert.getPublicKey());
    verifier.update(probe);
    return verifier.verify(signature);
  }
}
