package io.relayscope.cli;

import io.relayscope.demo.DatagramEmitter;
import io.relayscope.demo.EngineEvents;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Sends one event to the event socket, as an engine would (like upstream's {@code statemachine-db send-event}). */
@Command(name = "emit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
    description = "Send one event to the relay's event socket, as an engine does.")
final class EmitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--machine", required = true, description = "machine_name of the event.")
  String machine;

  @Option(names = "--type", required = true, description = "Event type, e.g. state_change, activity_log.")
  String type;

  @Option(names = "--payload", defaultValue = "{}", description = "Payload, a JSON object (default: ${DEFAULT-VALUE}).")
  String payload;

  @Option(names = "--event-socket-path", defaultValue = "/tmp/statemachine-events.sock",
      description = "The relay's event socket (default: ${DEFAULT-VALUE}).")
  Path socket;

  @Override
  public Integer call() {
    byte[] event;
    try {
      event = EngineEvents.event(machine, type, EngineEvents.parsePayload(payload));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--payload: " + e.getMessage());
    }
    try (var emitter = DatagramEmitter.connect(socket)) {
      if (!emitter.send(event)) {
        spec.commandLine().getErr().println("relayscope emit: the relay's queue at " + socket + " is full; event not sent");
        return 1;
      }
    } catch (IOException e) {
      spec.commandLine().getErr().println("relayscope emit: " + e.getMessage() + " (is the relay running?)");
      return 1;
    }
    spec.commandLine().getOut().println("sent " + event.length + " bytes to " + socket);
    return 0;
  }
}
