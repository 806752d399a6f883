package io.relayscope.cli;

import picocli.CommandLine;

/** Entry point: {@code java -jar relayscope.jar [options]}. Not the JavaFX application class. */
public final class RelayscopeMain {
  private RelayscopeMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (0 ok, 1 could not run, 2 bad usage). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The command line as {@link #main} runs it: a one-line reason on stderr for bad usage (2) and failures (1). */
  public static CommandLine commandLine() {
    var cmd = new CommandLine(new RelayCommand());
    cmd.setParameterExceptionHandler((ex, a) -> {
      ex.getCommandLine().getErr().println("relayscope: " + ex.getMessage() + " (see --help)");
      return 2;
    });
    cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      commandLine.getErr().println("relayscope: " + ex.getMessage());
      return 1;
    });
    return cmd;
  }
}
