package io.relayscope.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A secret kept in a file (mode 0600) rather than on a command line, where {@code ps} would show it. */
public final class PasswordFile {
  /** A password is short; a bigger file is the wrong one (and /dev/zero must not fill the heap). */
  static final int MAX_BYTES = 4096;

  private PasswordFile() {}

  /**
   * The file's text without its trailing line break, as {@code echo pw > file} leaves it. Throws
   * IllegalArgumentException starting with {@code flag}, naming the file and never its content.
   */
  public static String read(Path file, String flag) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException(flag + ": cannot read " + file);
    }
    if (bytes.length > MAX_BYTES) throw new IllegalArgumentException(flag + ": " + file + " is over " + MAX_BYTES + " bytes; not a password");
    String text = new String(bytes, StandardCharsets.UTF_8);
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) end--;
    text = text.substring(0, end);
    if (text.isEmpty()) throw new IllegalArgumentException(flag + ": " + file + " is empty");
    if (text.indexOf('\n') >= 0) throw new IllegalArgumentException(flag + ": " + file + " has more than one line; not a password");
    return text;
  }
}
