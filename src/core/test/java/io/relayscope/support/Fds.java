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

  /**
   * This process's TCP sockets bound to local {@code port} (a server's listener and the connections
   * it accepted): precise where {@link #open()} moves with whatever else the JVM opens and closes.
   */
  public static long tcpOnPort(int port) {
    open(); // the same platform check
    var inodes = new java.util.HashSet<String>();
    try (var fds = Files.list(DIR)) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String link = Files.readSymbolicLink(fd).toString();
          if (link.startsWith("socket:[")) inodes.add(link.substring(8, link.length() - 1));
        } catch (IOException e) {
          // closed while listed
        }
      }
      long n = 0;
      for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
        var lines = Files.readAllLines(Path.of(table));
        for (String line : lines.subList(1, lines.size())) {
          String[] f = line.trim().split("\\s+");
          String local = f[1];
          if (Integer.parseInt(local.substring(local.indexOf(':') + 1), 16) == port && inodes.contains(f[9])) n++;
        }
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read this process's TCP sockets", e);
    }
  }
}
