package io.relayscope.fleet;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.relayscope.journal.FactKind;
import io.relayscope.journal.Journal;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's one connection to NATS. jnats reconnects on its own, forever; this says so (a log
 * line and a journal fact each way) and lets the publishers wait while the link is down.
 */
public final class NatsLink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NatsLink.class);
  /** JetStream forgets message ids older than this: a publish retried within it is stored once. */
  static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);
  /**
   * A server that stops answering with its sockets open (paused, hung, swapped out) shows only as
   * missing PONGs: pings this often, and down after {@link #MAX_PINGS_OUT} unanswered, declare it
   * within about 4-8 s (8 s measured; jnats's default, 2 min, left a paused server "connected").
   * The fleet console uses the same.
   */
  public static final Duration PING_INTERVAL = Duration.ofSeconds(2);
  public static final int MAX_PINGS_OUT = 2;

  private final Journal journal;
  private final AtomicLong disconnects = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private volatile boolean connected;
  private volatile boolean closed;
  private volatile String lastError;
  private volatile LongSupplier buffered = () -> 0;
  private Connection connection;
  private JetStream jetStream;
  private Options options; // fleetdata: the event publisher opens its own connection with these

  private NatsLink(Journal journal) {
    this.journal = journal;
  }

  /** Connects (the first connection must succeed: a typo in --nats is an error, not an outage). */
  public static NatsLink connect(FleetOptions o, Journal journal) throws IOException, InterruptedException {
    var link = new NatsLink(journal);
    var b = new Options.Builder()
        .servers(o.servers().toArray(String[]::new))
        .connectionName("relayscope " + o.node())
        .inboxPrefix(FleetSubjects.inboxPrefix(o.node())) // replies under the node's own prefix: its user may read no other's
        .maxReconnects(-1)
        .reconnectWait(Duration.ofSeconds(1))
        .connectionTimeout(Duration.ofSeconds(5))
        .pingInterval(PING_INTERVAL)
        .maxPingsOut(MAX_PINGS_OUT)
        .connectionListener(link::onEvent)
        .errorListener(link.errors());
    o.access().apply(b);
    try {
      link.options = b.build();
      link.connection = Nats.connect(link.options);
    } catch (IOException e) {
      throw new IOException("cannot connect to NATS at " + String.join(",", o.servers()) + ": " + whyNot(e, o.servers(), o.access()), e);
    }
    link.jetStream = link.connection.jetStream();
    link.connected = true;
    return link;
  }

  /**
   * What went wrong connecting to {@code servers}, without any secret, and with the likely cause
   * when jnats's words do not say it: a TLS failure reads only "Unable to connect to NATS servers",
   * naming neither the certificate nor the flag that fixes it. A server that requires a client
   * certificate ({@code verify}) refuses after the handshake, which jnats sees as a timeout, so the
   * hint is a question, as is the CA's.
   */
  public static String whyNot(Exception e, List<String> servers, NatsAccess access) {
    String why = redacted(String.valueOf(e.getMessage()));
    boolean tls = access.tls().any() || servers.stream().anyMatch(s -> s.startsWith("tls://") || s.startsWith("wss://"));
    boolean loginRefused = why.contains("Authorization") || why.contains("Authentication");
    if (!tls || loginRefused) return why;
    String clientCertificate = "does the server require a client certificate (tls { verify: true })? give it with "
        + "--nats-tls-cert FILE and --nats-tls-key FILE";
    if (access.tls().ca() == null) {
      return why + " (is the server's TLS certificate signed by a private CA? tls:// without --nats-tls-ca trusts only "
          + "the JVM's CAs: give it with --nats-tls-ca FILE" + (access.tls().clientCertificate() ? "" : "; or " + clientCertificate) + ")";
    }
    if (!access.tls().clientCertificate()) return why + " (" + clientCertificate + ")";
    return why + " (was the client certificate refused? it must chain to the server's ca_file and allow client "
        + "authentication, extended key usage clientAuth)";
  }

  /**
   * Creates the events and facts streams unless they exist (an existing stream's settings are left
   * alone); returns the names of those it created (fleetdata: StreamGuard recreates a deleted one).
   */
  public List<String> ensureStreams(Duration history) throws IOException {
    try {
      JetStreamManagement jsm = connection.jetStreamManagement();
      Duration dupes = history.compareTo(DUPLICATE_WINDOW) < 0 ? history : DUPLICATE_WINDOW;
      var created = new ArrayList<String>();
      if (ensure(jsm, FleetSubjects.EVENTS_STREAM, FleetSubjects.EVENTS_PREFIX + ">", history, dupes)) created.add(FleetSubjects.EVENTS_STREAM);
      if (ensure(jsm, FleetSubjects.FACTS_STREAM, FleetSubjects.FACTS_PREFIX + ">", history, dupes)) created.add(FleetSubjects.FACTS_STREAM);
      return created;
    } catch (JetStreamApiException e) {
      throw new IOException("cannot create the JetStream streams: " + e.getMessage(), e);
    }
  }

  private static boolean ensure(JetStreamManagement jsm, String name, String subjects, Duration history, Duration dupes)
      throws IOException, JetStreamApiException {
    try {
      jsm.getStreamInfo(name);
      return false;
    } catch (JetStreamApiException e) {
      if (e.getErrorCode() != 404) throw e;
    }
    try {
      jsm.addStream(StreamConfiguration.builder().name(name).subjects(subjects).storageType(StorageType.File)
          .maxAge(history).duplicateWindow(dupes).build());
      log.info("created JetStream stream {} ({}, kept {})", name, subjects, history);
      return true;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != 10058) throw e; // another relay created it meanwhile: fine
      return false;
    }
  }

  private void onEvent(Connection conn, ConnectionListener.Events event) {
    switch (event) {
      case DISCONNECTED -> {
        if (!connected || closed) return;
        connected = false;
        disconnects.incrementAndGet();
        String why = lastError == null ? "connection lost" : lastError;
        log.warn("NATS link down ({}); the relay carries on, reconnecting", why);
        journal.append(FactKind.NATS_DISCONNECTED, "nats", Map.of("error", why, "buffered", buffered.getAsLong()));
      }
      // Not CONNECTED: the first connection is connect()'s (its event may come after connect() returned).
      case RECONNECTED -> {
        if (connected) return;
        connected = true;
        reconnects.incrementAndGet();
        String server = redacted(String.valueOf(conn.getConnectedUrl())); // it goes to the log, the journal and the fleet
        // The outage's error is history now: /health shows errors of the link as it is; the fact keeps it.
        String after = lastError == null ? "connection lost" : lastError;
        lastError = null;
        log.info("NATS link back ({}, after: {}); publishing {} buffered events", server, after, buffered.getAsLong());
        journal.append(FactKind.NATS_RECONNECTED, "nats", Map.of("server", server, "buffered", buffered.getAsLong(),
            "after", after));
      }
      default -> { }
    }
  }

  private ErrorListener errors() {
    return new ErrorListener() {
      @Override
      public void errorOccurred(Connection conn, String error) {
        lastError = redacted(error);
        log.warn("NATS: {}", lastError);
      }

      @Override
      public void exceptionOccurred(Connection conn, Exception exp) {
        lastError = redacted(exp.toString());
      }
    };
  }

  /** What the link says about how many events wait for it (journaled with each change). */
  void reportBuffered(LongSupplier source) {
    this.buffered = source;
  }

  public boolean connected() {
    return connected;
  }

  public Connection connection() {
    return connection;
  }

  public JetStream jetStream() {
    return jetStream;
  }

  /** The options this link connected with (servers, credentials, TLS), for another connection to the same NATS. */
  public Options options() {
    return options;
  }

  /** The server connected to, without user or password (it goes to /health, /metrics and the log). */
  public String server() {
    return connected ? redacted(String.valueOf(connection.getConnectedUrl())) : "";
  }

  /** {@code text} with every URL's user and password left out. */
  public static String redacted(String text) {
    return text == null ? "" : text.replaceAll("//[^/@\\s]*@", "//");
  }

  public long disconnects() {
    return disconnects.get();
  }

  public long reconnects() {
    return reconnects.get();
  }

  public String lastError() {
    return lastError;
  }

  public String status() {
    return closed ? "closed" : connected ? "connected" : "disconnected";
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    if (connection != null) connection.close();
  }
}
