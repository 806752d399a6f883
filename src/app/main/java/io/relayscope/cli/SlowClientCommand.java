package io.relayscope.cli;

import io.relayscope.demo.SlowClient;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Checks a real deployment: does the relay cut off a client that stops reading, and how fast? */
@Command(name = "slow-client", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
    description = "Connect a WebSocket client that stops reading, and report how the relay deals with it.")
final class SlowClientCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--url", defaultValue = "ws://127.0.0.1:3002/ws/events", description = "Relay endpoint (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--stall-after", defaultValue = "5s", converter = DurationConverter.class,
      description = "Read normally this long, then stop reading (default: ${DEFAULT-VALUE}).")
  Duration stallAfter;

  @Option(names = "--stall-for", defaultValue = "30s", converter = DurationConverter.class,
      description = "Keep not reading this long, then read again to learn how the connection ended (default: ${DEFAULT-VALUE}).")
  Duration stallFor;

  @Override
  public Integer call() throws Exception {
    URI uri;
    try {
      uri = URI.create(url);
      if (!"ws".equals(uri.getScheme()) || uri.getHost() == null) throw new IllegalArgumentException();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--url must be ws://host:port/path, got '" + url + "'");
    }
    var out = spec.commandLine().getOut();
    var client = new SlowClient(uri, stallAfter.toMillis());
    if (!client.connectBlocking(10, TimeUnit.SECONDS)) {
      spec.commandLine().getErr().println("relayscope slow-client: cannot connect to " + url);
      return 1;
    }
    out.println("connected to " + url + "; reading for " + DurationText.of(stallAfter) + ", then not reading");
    out.flush();
    long deadline = System.nanoTime() + stallAfter.toNanos() + stallFor.toNanos();
    while (!client.stalled() && System.nanoTime() < deadline && client.isOpen()) {
      client.awaitClose(100, TimeUnit.MILLISECONDS);
    }
    if (client.stalled()) {
      out.println("stopped reading after " + client.messages() + " messages; not reading for " + DurationText.of(stallFor));
      out.flush();
      long stallEnd = System.nanoTime() + stallFor.toNanos();
      while (System.nanoTime() < stallEnd) TimeUnit.MILLISECONDS.sleep(Math.min(200, (stallEnd - System.nanoTime()) / 1_000_000 + 1));
    }
    client.resume(); // read what is left: it ends with the close frame, if the relay sent one
    if (!client.awaitClose(10, TimeUnit.SECONDS)) {
      out.println("still connected after " + DurationText.of(stallFor) + " of not reading: the relay kept this client");
      client.closeBlocking();
      return 0;
    }
    if (client.closeCode() == 1006) {
      // A client that does not read cannot receive the close frame queued behind what it left unread.
      out.println("closed by the relay: the connection was cut (code 1006, no close frame could reach a"
          + " client that was not reading; the relay's journal and /metrics give its close code and reason)");
    } else {
      out.printf(Locale.ROOT, "closed %s: code %d%s%n", client.closedByServer() ? "by the relay" : "locally",
          client.closeCode(), client.closeReason().isEmpty() ? "" : " (" + client.closeReason() + ")");
    }
    return 0;
  }

  /** Short duration text for messages. */
  static final class DurationText {
    static String of(Duration d) {
      return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
  }
}
