package io.relayscope.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's open file descriptors, from /proc/self/fd. */
public final class Fds {
  private static final Path DIR = Path.of("/proc/self/fd");

  private Fds() {}

  /**
   * The count of open descriptors. Skips the test only where the platform has no /proc/self/fd
   * (not Linux); on Linux a failure to read it fails the test, never counts as "no leak".
   */
  public static long open() {
    boolean linux = System.getProperty("os.name").startsWith("Linux");
    if (linux && !Files.isDirectory(DIR)) throw new AssertionError("no " + DIR + " on Linux");
    assumeTrue(linux || Files.isDirectory(DIR), "no " + DIR + " on " + System.getProperty("os.name"));
    try (var fds = Files.list(DIR)) {
      long n = fds.count();
      if (n <= 0) throw new AssertionError("/proc/self/fd lists no descriptor: cannot be");
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot count open descriptors", e);
    }
  }
}
