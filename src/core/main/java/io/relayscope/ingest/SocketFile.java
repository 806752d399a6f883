package io.relayscope.ingest;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.ConnectionRefusedSocketException;

/** The event socket's file: claimed only if no live relay owns it, given its mode, removed on exit. */
public final class SocketFile {
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  private SocketFile() {}

  /**
   * Makes {@code path} free to bind: removes a stale socket file, refuses a live one (a relay that
   * still receives there) and anything that is not a socket.
   */
  public static void claim(Path path) throws IngestException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw new IngestException("event socket directory does not exist: " + parent);
      }
      return;
    }
    if (!isSocket(path)) {
      throw new IngestException(path + " exists and is not a socket; refusing to replace it");
    }
    if (isLive(path)) {
      throw new IngestException("another process is already receiving on " + path + " (is a relay running?)");
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new IngestException("cannot remove stale socket " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * True unless the socket at {@code path} is provably stale (connect is refused): a datagram socket
   * bound there, and also any other socket a datagram connect cannot judge (a listening stream
   * socket, another user's socket), which is never ours to remove.
   */
  public static boolean isLive(Path path) {
    try (var probe = AFUNIXDatagramSocket.newInstance()) {
      probe.connect(AFUNIXSocketAddress.of(path));
      return true;
    } catch (ConnectionRefusedSocketException | ConnectException e) {
      return false;
    } catch (IOException e) {
      return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }
  }

  static boolean isSocket(Path path) {
    try {
      Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return mode instanceof Integer m && (m & S_IFMT) == S_IFSOCK;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Parses an octal mode such as {@code 0600} or {@code 660}. */
  public static Set<PosixFilePermission> parseMode(String octal) {
    if (octal == null || !octal.matches("0?[0-7]{3}")) {
      throw new IllegalArgumentException("socket mode must be octal like 0600 or 0660, got '" + octal + "'");
    }
    int bits = Integer.parseInt(octal, 8);
    var perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE
    };
    for (int i = 0; i < 9; i++) {
      if ((bits & (1 << (8 - i))) != 0) perms.add(order[i]);
    }
    return perms;
  }

  public static String format(Set<PosixFilePermission> perms) {
    return PosixFilePermissions.toString(perms);
  }

  public static void remove(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // Best effort on shutdown; a stale file is removed by the next start.
    }
  }
}
