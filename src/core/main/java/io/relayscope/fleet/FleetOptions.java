package io.relayscope.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * How a relay joins the fleet ({@code --nats} and friends). {@code source} is null unless the relay
 * also takes events from the stream.
 *
 * @param servers the NATS URLs, kept without user info: a login in them moves to {@code access}
 * @param access how the relay logs in and whom it trusts for TLS
 * @param history how long the streams keep events and facts (created with it when absent)
 * @param bufferEvents events waiting for NATS (queued or unacknowledged) at most; more are counted lost
 * @param bufferBytes bytes of events waiting for NATS at most
 * @param sourceStart where {@code --nats-source} starts in the stream: its retained window or new events only
 */
public record FleetOptions(
    List<String> servers,
    String node,
    NatsAccess access,
    Duration history,
    int bufferEvents,
    long bufferBytes,
    String source,
    SourceStart sourceStart) {

  /** Where a {@code --nats-source} relay starts reading the stream. */
  public enum SourceStart {
    /** Every event the stream still holds (its history): the machine table, hence initial, is rebuilt from it. */
    ALL,
    /** The last event of each machine: initial's states without the history. */
    LAST_PER_SUBJECT,
    /** Only events published from now on. */
    NEW
  }

  public static final Duration DEFAULT_HISTORY = Duration.ofHours(1);
  public static final int DEFAULT_BUFFER_EVENTS = 100_000;
  public static final long DEFAULT_BUFFER_BYTES = 64L * 1024 * 1024;
  /** Every node's events. */
  public static final String DEFAULT_SOURCE = FleetSubjects.EVENTS_PREFIX + ">";

  public FleetOptions {
    var urls = NatsUrls.parse(servers);
    servers = urls.servers();
    access = (access == null ? NatsAccess.NONE : access).withUrlLogin(urls.userInfo());
    if (!FleetSubjects.isValidNode(node)) {
      throw new IllegalArgumentException("node name '" + node + "' is not a single NATS subject token "
          + "(no '.', '*', '>', whitespace or non-ASCII; at most 128 bytes)");
    }
    if (history.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("history must be at least 1s");
    if (bufferEvents < 1) throw new IllegalArgumentException("buffer events must be at least 1");
    if (bufferBytes < 1024) throw new IllegalArgumentException("buffer bytes must be at least 1KiB");
    if (source != null && !source.startsWith(FleetSubjects.EVENTS_PREFIX)) {
      throw new IllegalArgumentException("source subject must be under " + FleetSubjects.EVENTS_PREFIX + " (got " + source + ")");
    }
  }

  /** Defaults for everything but the servers and node. */
  public static FleetOptions of(List<String> servers, String node) {
    return new FleetOptions(servers, node, NatsAccess.NONE, DEFAULT_HISTORY, DEFAULT_BUFFER_EVENTS, DEFAULT_BUFFER_BYTES,
        null, SourceStart.ALL);
  }

  public FleetOptions withSource(String subject, SourceStart start) {
    return new FleetOptions(servers, node, access, history, bufferEvents, bufferBytes, subject, start);
  }

  public FleetOptions withBuffer(int events, long bytes) {
    return new FleetOptions(servers, node, access, history, events, bytes, source, sourceStart);
  }

  public FleetOptions withHistory(Duration h) {
    return new FleetOptions(servers, node, access, h, bufferEvents, bufferBytes, source, sourceStart);
  }

  /** With {@code a} as the whole access: a login the URLs carried is replaced too. */
  public FleetOptions withAccess(NatsAccess a) {
    return new FleetOptions(servers, node, a, history, bufferEvents, bufferBytes, source, sourceStart);
  }

  /** This host's name as a node name: a valid token, whatever the host is called. */
  public static String defaultNode() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = System.getenv().getOrDefault("HOSTNAME", "relay");
    }
    int dot = host.indexOf('.');
    return FleetSubjects.token(dot > 0 ? host.substring(0, dot) : host);
  }
}
