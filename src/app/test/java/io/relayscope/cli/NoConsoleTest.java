package io.relayscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.relayscope.console.ConsoleProvider;
import io.relayscope.support.TestRelay;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The command line without the console module (packaging/build.sh headless): --headless runs, and
 * the console asked for is one line and exit 2, as a bad flag is; with the module, ServiceLoader finds it.
 */
class NoConsoleTest {
  @Test
  void theConsoleModuleProvidesTheConsole() {
    assertThat(ConsoleProvider.find()).as("META-INF/services in relayscope-console").isPresent();
  }

  @Test
  void withoutTheConsoleModuleTheConsoleIsOneLineAndHeadlessRuns() throws Exception {
    Path dir = TestRelay.newSocketDir();
    try {
      Run console = run(dir, "--demo", "--event-socket-path", dir.resolve("a.sock").toString(), "--port", "0", "--no-journal");
      assertThat(console.exit).as(console.output).isEqualTo(2);
      assertThat(console.output.strip()).isEqualTo("relayscope: this package has no console (JavaFX); run with --headless (see --help)");

      Run headless = run(dir, "--headless", "--demo", "--event-socket-path", dir.resolve("b.sock").toString(), "--port", "0",
          "--no-journal", "--status-interval", "0", "--run-for", "2s");
      assertThat(headless.exit).as(headless.output).isZero();
      assertThat(headless.output).contains("stopped after 2 s (--run-for)");
    } finally {
      Files.deleteIfExists(dir.resolve("a.sock"));
      Files.deleteIfExists(dir.resolve("b.sock"));
      Files.deleteIfExists(dir);
    }
  }

  private record Run(int exit, String output) {}

  /** The relay in its own JVM, on this test's class path less the console module (its jar or its classes). */
  private static Run run(Path dir, String... args) throws IOException, InterruptedException {
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.contains("relayscope-console") && !e.replace(File.separatorChar, '/').contains("/console/target/"))
        .collect(Collectors.joining(File.pathSeparator));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var cmd = new ArrayList<>(List.of(java, "-cp", classPath, RelayscopeMain.class.getName()));
    cmd.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "out", ".txt");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the relay ended").isTrue();
      return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(log);
    }
  }
}
