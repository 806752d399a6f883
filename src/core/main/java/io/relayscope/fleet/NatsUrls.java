package io.relayscope.fleet;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code --nats} / {@code --fleet} as given, split into the servers without any user info and the
 * user info they carried ({@code user:password}, {@code user} or a token). jnats then only ever
 * holds URLs without secrets, so no error, log line or fact made from a URL can name the password.
 *
 * @param userInfo the URLs' user info (the same in each), or null
 */
public record NatsUrls(List<String> servers, String userInfo) {
  private static final Set<String> SCHEMES = Set.of("nats", "tls", "ws", "wss");

  public NatsUrls {
    servers = List.copyOf(servers);
  }

  /** Throws IllegalArgumentException with a message that names no secret. */
  public static NatsUrls parse(List<String> urls) {
    if (urls.isEmpty()) throw new IllegalArgumentException("no NATS server given");
    var servers = new ArrayList<String>();
    String userInfo = null;
    for (int i = 0; i < urls.size(); i++) {
      String url = urls.get(i).trim();
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + NatsLink.redacted(url) + "' is not a URL");
      }
      if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("'" + NatsLink.redacted(url) + "' is not a NATS URL (nats://host:4222, tls://host:4222)");
      }
      String info = uri.getRawUserInfo();
      if (i > 0 && !Objects.equals(info, userInfo)) {
        // One login for the whole list: jnats would otherwise log in differently after a fail-over.
        throw new IllegalArgumentException("the URLs name different users or passwords; give every server the same");
      }
      userInfo = info;
      servers.add(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
          + (uri.getRawPath() == null ? "" : uri.getRawPath()));
    }
    return new NatsUrls(servers, userInfo == null ? null : decode(userInfo));
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "NatsUrls" + servers + (userInfo == null ? "" : " (with a login)");
  }
}
