package io.relayscope.cli;

import io.relayscope.console.ConsoleProvider;
import io.relayscope.core.CoreConfig;
import io.relayscope.fleet.FleetOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The relay, with upstream's flag names kept ({@code --host}, {@code --port}, {@code --event-socket-path}):
 * its options ({@link RelayOptions}), checked into the core's configuration ({@link ConfigFromOptions}),
 * then run ({@link RelayRun}), or the console attached to a fleet ({@link FleetConsole}).
 */
@Command(
    name = "relayscope",
    subcommands = {EmitCommand.class, SendEventCommand.class, SlowClientCommand.class, ExportCommand.class, BenchCommand.class},
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Relays statemachine-engine events from a Unix datagram socket to WebSocket clients,",
      "with a bounded queue and a write deadline per client, so one slow client never slows the others."
    })
public final class RelayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RelayOptions options;

  // picocli's mixinStandardHelpOptions, declared here so that they can have an order: the options'
  // orders would put those two first, and --help has always listed them last.
  @Option(names = {"-h", "--help"}, usageHelp = true, order = 1000, description = "Show this help message and exit.")
  boolean helpRequested;

  @Option(names = {"-V", "--version"}, versionHelp = true, order = 1001, description = "Print version information and exit.")
  boolean versionRequested;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    var check = new ConfigFromOptions(spec.commandLine(), options);
    if (options.fleetConsole.attaches()) {
      FleetConsole.Target target = check.fleetConsole();
      return FleetConsole.run(target, console("this package has no console (JavaFX), which --fleet opens"), out, err);
    }
    CoreConfig config = check.coreConfig();
    check.checkHeap(config); // exit 2, one line
    FleetOptions fleet = check.fleetOptions();
    ConsoleProvider console = options.run.headless ? null : console("this package has no console (JavaFX); run with --headless");
    return new RelayRun(config, fleet, options.run, options.demo, console, out, err).execute();
  }

  /**
   * The console (module relayscope-console) through {@link ConsoleProvider}; exit 2 with one line
   * when this package was built without it (packaging/build.sh headless).
   */
  private ConsoleProvider console(String reason) {
    return ConsoleProvider.find().orElseThrow(() -> new ParameterException(spec.commandLine(), reason));
  }
}
