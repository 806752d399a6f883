package io.relayscope.cli;

import io.relayscope.demo.DatagramEmitter;
import io.relayscope.demo.EngineEvents;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Pokes a running engine: one event into its control socket. */
@Command(name = "send-event", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
    description = "Send an event into a machine's control socket (<prefix>-<machine>.sock), as upstream's tools do.")
final class SendEventCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MACHINE", description = "The machine's name.")
  String machine;

  @Parameters(index = "1", paramLabel = "EVENT", description = "The event, e.g. new_job or stop.")
  String event;

  @Option(names = "--payload", defaultValue = "{}", description = "Payload, a JSON object (default: ${DEFAULT-VALUE}).")
  String payload;

  @Option(names = "--job-id", description = "job_id to send with the event.")
  String jobId;

  @Option(names = "--control-socket-prefix", defaultValue = "/tmp/statemachine-control",
      description = "Control sockets are <prefix>-<machine>.sock (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Override
  public Integer call() {
    if (!machine.matches("[\\w.-]+")) throw new ParameterException(spec.commandLine(), "MACHINE must be a plain name, got '" + machine + "'");
    var message = EngineEvents.payload();
    message.put("type", event);
    try {
      message.set("payload", EngineEvents.parsePayload(payload));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--payload: " + e.getMessage());
    }
    if (jobId != null) message.put("job_id", jobId);
    Path socket = Path.of(prefix + "-" + machine + ".sock");
    byte[] bytes = EngineEvents.toBytes(message);
    try (var emitter = DatagramEmitter.connect(socket)) {
      if (!emitter.send(bytes)) {
        spec.commandLine().getErr().println("relayscope send-event: " + machine + "'s control queue is full; event not sent");
        return 1;
      }
    } catch (IOException e) {
      spec.commandLine().getErr().println("relayscope send-event: " + e.getMessage() + " (is " + machine + " running?)");
      return 1;
    }
    spec.commandLine().getOut().println("sent " + event + " to " + machine + " (" + socket + ")");
    return 0;
  }
}
