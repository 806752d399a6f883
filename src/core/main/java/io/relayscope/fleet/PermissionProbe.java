package io.relayscope.fleet;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.relayscope.fleet.control.ControlResponder;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks at start that the node's NATS user may do what the node does: publish its events and
 * facts, and take its control requests. NATS refuses a forbidden publish or subscription with an
 * asynchronous error and nothing else, so without this a relay would run with every event lost
 * and one WARN line. A refusal is an IOException naming the subject. Its replies, too, must reach it:
 * {@link #checkInbox()}.
 *
 * <p>The publishes carry {@code Nats-Expected-Stream} naming no stream: JetStream answers each with
 * an error and stores nothing, which proves the subject reaches the stream.
 */
final class PermissionProbe {
  /** The machine token of the probe subjects: never stored, so never seen by a reader. */
  static final String PROBE = "_permission_probe";
  private static final String NO_SUCH_STREAM = "relayscope-permission-probe";

  private final Connection connection;
  private final JetStream jetStream;
  private final Duration timeout;

  PermissionProbe(Connection connection, JetStream jetStream, Duration timeout) {
    this.connection = connection;
    this.jetStream = jetStream;
    this.timeout = timeout;
  }

  /** Throws if {@code node}'s user may not publish its events or facts or subscribe to its control requests. */
  void check(String node) throws IOException, InterruptedException {
    // First: the publishes clear the last error, which may hold the subscription's refusal.
    subscribed(FleetSubjects.control(node, ControlResponder.DISCONNECT));
    publish(FleetSubjects.event(node, PROBE), FleetSubjects.EVENTS_STREAM);
    publish(FleetSubjects.facts(node, PROBE), FleetSubjects.FACTS_STREAM);
  }

  /**
   * Throws if the user may not subscribe under the connection's inbox prefix ({@code _INBOX.<node>.}):
   * without it every JetStream call only times out, naming nothing. Run it before any.
   */
  void checkInbox() throws IOException, InterruptedException {
    String subject = connection.getOptions().getInboxPrefix() + PROBE;
    var sub = connection.subscribe(subject);
    try {
      refused(subject, "subscribe to");
    } finally {
      sub.unsubscribe();
    }
  }

  private void publish(String subject, String stream) throws IOException, InterruptedException {
    connection.clearLastError();
    var msg = NatsMessage.builder().subject(subject).headers(new Headers().put("Nats-Expected-Stream", NO_SUCH_STREAM))
        .data(new byte[0]).build();
    CompletableFuture<PublishAck> ack = jetStream.publishAsync(msg);
    refused(subject, "publish to");
    try {
      ack.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      // The stream answered (jnats wraps its refusal): the subject reaches it.
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) if (t instanceof JetStreamApiException) return;
      throw new IOException("a probe publish to " + subject + " failed (is it in the stream " + stream + "?): "
          + NatsLink.redacted(String.valueOf(e.getCause())), e);
    } catch (TimeoutException e) {
      refused(subject, "publish to"); // in case the refusal came after the flush's answer
      throw new IOException("no answer from the stream " + stream + " to a probe publish to " + subject + " within "
          + timeout.toSeconds() + " s", e);
    }
  }

  /** The subscription was made before: a refusal arrived before the flush's answer. */
  private void subscribed(String subject) throws IOException, InterruptedException {
    refused(subject, "subscribe to");
  }

  /**
   * Flushes, so the server's answer to what was sent is in (it sends a refusal before the PONG and
   * jnats records it as the last error before reading on), and throws if it refused {@code subject}.
   */
  private void refused(String subject, String what) throws IOException, InterruptedException {
    try {
      connection.flush(timeout);
    } catch (TimeoutException e) {
      throw new IOException("NATS did not answer a flush within " + timeout.toSeconds() + " s", e);
    }
    String error = connection.getLastError();
    if (error != null && error.contains("Permissions Violation") && error.contains(subject)) {
      throw new IOException("the NATS user may not " + what + " " + subject + " (" + NatsLink.redacted(error)
          + "); give it the permissions docs/fleet.md lists");
    }
  }
}
