package io.relayscope.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Removes the benchmark's temporary folders (sockets, journals, NATS stores) with all they hold. */
final class TempTree {
  private TempTree() {}

  /** Deletes {@code root} and everything under it; a file already gone is no error. */
  static void delete(Path root) throws IOException {
    if (root == null || !Files.exists(root)) return;
    try (var files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(f);
    }
  }
}
