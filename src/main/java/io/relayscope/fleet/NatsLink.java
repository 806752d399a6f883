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
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
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

  private final Journal journal;
  private final Object up = new Object();
  private final AtomicLong disconnects = new AtomicLong();
  private final AtomicLong reconnects = new AtomicLong();
  private volatile boolean connected;
  private volatile boolean closed;
  private volatile String lastError;
  private volatile java.util.function.LongSupplier buffered = () -> 0;
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
        .maxReconnects(-1)
        .reconnectWait(Duration.ofSeconds(1))
        .connectionTimeout(Duration.ofSeconds(5))
        .connectionListener(link::onEvent)
        .errorListener(link.errors());
    secured(b, o.credentials(), o.tlsCa());
    try {
      link.options = b.build();
      link.connection = Nats.connect(link.options);
    } catch (IOException e) {
      throw new IOException("cannot connect to NATS at " + String.join(",", o.servers()) + ": " + e.getMessage(), e);
    }
    link.jetStream = link.connection.jetStream();
    link.connected = true;
    return link;
  }

  /**
   * {@code b} with the credentials file and the TLS CA the operator gave (either may be null). The
   * relay's --nats and the console's --fleet take the same --nats-creds and --nats-tls-ca.
   */
  public static Options.Builder secured(Options.Builder b, java.nio.file.Path creds, java.nio.file.Path ca) throws IOException {
    if (creds != null) b.credentialPath(creds.toString());
    if (ca != null) b.sslContext(trusting(ca));
    return b;
  }

  /** TLS trusting the PEM certificate(s) in {@code ca} (the JDK parses them). */
  private static SSLContext trusting(java.nio.file.Path ca) throws IOException {
    try (InputStream in = Files.newInputStream(ca)) {
      var store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) store.setCertificateEntry("ca" + i++, cert);
      if (i == 0) throw new IOException("no certificate in " + ca);
      var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      var ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use " + ca + " as a CA: " + e.getMessage(), e);
    }
  }

  /**
   * Creates the events and facts streams unless they exist (an existing stream's settings are left
   * alone); returns the names of those it created (fleetdata: StreamGuard recreates a deleted one).
   */
  public java.util.List<String> ensureStreams(Duration history) throws IOException {
    try {
      JetStreamManagement jsm = connection.jetStreamManagement();
      Duration dupes = history.compareTo(DUPLICATE_WINDOW) < 0 ? history : DUPLICATE_WINDOW;
      var created = new java.util.ArrayList<String>();
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
        log.info("NATS link back ({}); publishing {} buffered events", server, buffered.getAsLong());
        journal.append(FactKind.NATS_RECONNECTED, "nats", Map.of("server", server, "buffered", buffered.getAsLong()));
        synchronized (up) {
          up.notifyAll();
        }
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
  void reportBuffered(java.util.function.LongSupplier source) {
    this.buffered = source;
  }

  /** Waits up to {@code millis} for the link to be up; true if it is. */
  public boolean awaitUp(long millis) throws InterruptedException {
    if (connected) return true;
    synchronized (up) {
      if (!connected && !closed) up.wait(millis);
    }
    return connected;
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
    synchronized (up) {
      up.notifyAll();
    }
    if (connection != null) connection.close();
  }
}
