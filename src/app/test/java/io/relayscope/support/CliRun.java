package io.relayscope.support;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.relayscope.cli.RelayscopeMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The command line run in-process, stdout and stderr captured, bounded in time. */
public final class CliRun {
  public record Result(int exitCode, String out, String err) {
    public List<String> errLines() {
      return err.isBlank() ? List.of() : Arrays.asList(err.strip().split("\\R"));
    }
  }

  private CliRun() {}

  public static Result run(List<String> args) {
    return assertTimeoutPreemptively(Duration.ofSeconds(40), () -> {
      PrintStream oldOut = System.out;
      PrintStream oldErr = System.err;
      var out = new ByteArrayOutputStream();
      var err = new ByteArrayOutputStream();
      int code;
      try {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        code = RelayscopeMain.run(args.toArray(String[]::new));
      } finally {
        System.setOut(oldOut);
        System.setErr(oldErr);
      }
      // Log lines are the logging thread's, not what the command said.
      String said = err.toString(StandardCharsets.UTF_8)
          .replaceAll("(?m)^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\[[^\\]]*\\] (TRACE|DEBUG|INFO |WARN |ERROR) .*(\\R|$)", "");
      return new Result(code, out.toString(StandardCharsets.UTF_8), said);
    }, () -> "relayscope " + String.join(" ", args) + " did not return");
  }
}
