package io.relayscope.fleet;

import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.file.Path;

/**
 * How the relay or the console logs in to NATS and whom it trusts: at most one of a user and
 * password, a token, a credentials file ({@code --nats-creds}) or an nkey seed file
 * ({@code --nats-nkey}); and the TLS files ({@code --nats-tls-ca}, and a client certificate with
 * {@code --nats-tls-cert} and {@code --nats-tls-key}, which may be the login itself when the server
 * maps certificates to users). Every field but {@code tls} may be null.
 * {@link #toString()} names no secret, so the record can be logged or put in an error.
 */
public record NatsAccess(String user, String password, String token, Path creds, Path nkey, TlsFiles tls) {
  public static final NatsAccess NONE = new NatsAccess(null, null, null, null, null, TlsFiles.NONE);

  /** Where a password may come from besides the URL (for the messages). */
  public static final String PASSWORD_SOURCES = "--nats-password-file or $RELAYSCOPE_NATS_PASSWORD";

  public NatsAccess {
    if (tls == null) tls = TlsFiles.NONE;
    if (password != null && user == null) {
      throw new IllegalArgumentException("a password from " + PASSWORD_SOURCES + " needs a user: put it in the URL, "
          + "nats://USER@host:4222");
    }
    int ways = (password != null || token != null ? 1 : 0) + (creds != null ? 1 : 0) + (nkey != null ? 1 : 0);
    if (ways > 1) {
      throw new IllegalArgumentException("give one way to log in to NATS: a user and password, --nats-creds or --nats-nkey");
    }
  }

  /**
   * The access the flags give: the URLs' user info ({@code user:password}, {@code user} or a
   * token, as jnats reads it), a {@code password} from a file or the environment (the URL then
   * names only the user; two passwords are an error, not a guess), and the files.
   */
  public static NatsAccess of(String userInfo, String password, Path creds, Path nkey, TlsFiles tls) {
    if (userInfo == null) return new NatsAccess(null, password, null, creds, nkey, tls);
    int colon = userInfo.indexOf(':');
    if (colon >= 0) {
      if (password != null) {
        throw new IllegalArgumentException("a password in the URL and another from " + PASSWORD_SOURCES + ": give one");
      }
      return new NatsAccess(userInfo.substring(0, colon), userInfo.substring(colon + 1), null, creds, nkey, tls);
    }
    if (password != null) return new NatsAccess(userInfo, password, null, creds, nkey, tls);
    return new NatsAccess(null, null, userInfo, creds, nkey, tls);
  }

  /** This access with the URLs' user info, unless it has a login of its own (then both is an error). */
  public NatsAccess withUrlLogin(String userInfo) {
    if (userInfo == null) return this;
    if (password != null || token != null) {
      throw new IllegalArgumentException("a login in the URL and another from " + PASSWORD_SOURCES + ": give one");
    }
    return of(userInfo, null, creds, nkey, tls);
  }

  /** {@code b} logging in and trusting as this says. */
  public Options.Builder apply(Options.Builder b) throws IOException {
    if (password != null) b.userInfo(user.toCharArray(), password.toCharArray());
    if (token != null) b.token(token.toCharArray());
    if (creds != null) b.credentialPath(creds.toString());
    if (nkey != null) b.authHandler(Nats.credentials(null, nkey.toString()));
    if (tls.any()) b.sslContext(TlsContext.of(tls));
    return b;
  }

  @Override
  public String toString() {
    return "NatsAccess[user=" + user + (password != null ? ", password=***" : "") + (token != null ? ", token=***" : "")
        + ", creds=" + creds + ", nkey=" + nkey + ", tls=" + tls + "]";
  }
}
