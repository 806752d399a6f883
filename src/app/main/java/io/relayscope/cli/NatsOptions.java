package io.relayscope.cli;

import io.relayscope.fleet.FleetOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --nats}: this relay joins the fleet; and how to log in to NATS, which {@code --fleet}
 * uses too.
 */
final class NatsOptions {
  @Option(names = "--nats", order = 45, paramLabel = "URL[,URL]", split = ",",
      description = "Join the fleet: publish every accepted event and the relay's facts to NATS JetStream, answer "
          + "control requests (docs/fleet.md). nats://[user[:password]@]host:4222, tls://… for TLS; a password in "
          + "the URL shows in ps: prefer --nats-password-file.")
  List<String> natsServers = new ArrayList<>();

  @Option(names = "--node", order = 46, paramLabel = "NAME",
      description = "This relay's node name on NATS, one subject token (default: the host name, made one).")
  String node;

  @Option(names = "--nats-password-file", order = 47, paramLabel = "FILE",
      description = "Read the NATS password from this file (mode 0600; one line) for the user named in the URL "
          + "(nats://relay@host:4222), so no command line shows it. Default: $RELAYSCOPE_NATS_PASSWORD.")
  Path natsPasswordFile;

  @Option(names = "--nats-creds", order = 48, paramLabel = "FILE", description = "NATS credentials file (JWT and NKey seed), as nsc writes it.")
  Path natsCreds;

  @Option(names = "--nats-nkey", order = 49, paramLabel = "FILE", description = "NATS nkey seed file (SU…), as `nk -gen user` writes it.")
  Path natsNkey;

  @Option(names = "--nats-tls-ca", order = 50, paramLabel = "FILE", description = "Trust the NATS server's certificate signed by this PEM CA.")
  Path natsTlsCa;

  @Option(names = "--nats-tls-cert", order = 51, paramLabel = "FILE",
      description = "Client certificate (PEM chain) for a NATS server that requires one (mTLS); with --nats-tls-key.")
  Path natsTlsCert;

  @Option(names = "--nats-tls-key", order = 52, paramLabel = "FILE",
      description = "The client certificate's private key: unencrypted PEM, PKCS#8 (or the RSA/EC forms; mode 0600).")
  Path natsTlsKey;

  @Option(names = "--nats-history", order = 53, defaultValue = "1h", converter = DurationConverter.class,
      description = "How long the streams keep events and facts, when the relay creates them (default: ${DEFAULT-VALUE}).")
  Duration natsHistory;

  @Option(names = "--nats-buffer-events", order = 54, defaultValue = "100000",
      description = "Events waiting for NATS (queued, unacknowledged, or held while NATS is down) at most; more are "
          + "counted lost (default: ${DEFAULT-VALUE}).")
  int natsBufferEvents;

  @Option(names = "--nats-buffer-bytes", order = 55, defaultValue = "64MiB", converter = ByteSizeConverter.class,
      description = "Bytes of events waiting for NATS at most (default: ${DEFAULT-VALUE}).")
  long natsBufferBytes;

  @Option(names = "--nats-source", order = 56, arity = "0..1", fallbackValue = FleetOptions.DEFAULT_SOURCE,
      paramLabel = "SUBJECT", description = "Also take events from the stream (default subject: "
          + FleetOptions.DEFAULT_SOURCE + "; this node's own events are skipped).")
  String natsSource;

  @Option(names = "--nats-source-start", order = 57, defaultValue = "all", paramLabel = "all|last-per-subject|new",
      description = "Where --nats-source starts: the stream's whole history (initial rebuilt from it), each machine's "
          + "last event, or new events only (default: ${DEFAULT-VALUE}).")
  String natsSourceStart;
}
