package io.relayscope.fleet;

import java.nio.file.Path;

/**
 * The PEM files TLS to NATS uses, any of them null: {@code ca} ({@code --nats-tls-ca}) to trust the
 * server's certificate, and a client certificate chain and its private key ({@code --nats-tls-cert},
 * {@code --nats-tls-key}) for servers that require one (mTLS). Paths only: the key is read when a
 * connection is made ({@link TlsContext}), so nothing here can show it.
 */
public record TlsFiles(Path ca, Path cert, Path key) {
  public static final TlsFiles NONE = new TlsFiles(null, null, null);

  public TlsFiles {
    // A certificate without its key (or the reverse) cannot prove anything: a usage error, not a guess.
    if (cert != null && key == null) throw new IllegalArgumentException("--nats-tls-cert needs --nats-tls-key");
    if (key != null && cert == null) throw new IllegalArgumentException("--nats-tls-key needs --nats-tls-cert");
  }

  /** Trusting {@code ca}, with no client certificate. */
  public static TlsFiles trusting(Path ca) {
    return new TlsFiles(ca, null, null);
  }

  public boolean clientCertificate() {
    return cert != null;
  }

  /** Whether TLS needs a context of its own (otherwise jnats's default, the JVM's CAs, will do). */
  public boolean any() {
    return ca != null || cert != null;
  }
}
