package io.relayscope.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The kernel's view of TCP connections: for each, the bytes in its send queue (sent by us, not yet
 * acknowledged, or not yet sent) and in its receive queue (arrived, not yet read by the process).
 * Linux only: read from {@code /proc/net/tcp} and {@code /proc/net/tcp6} in one pass for all
 * clients (only the file that holds them, once known: {@link Sample}). Where those files are absent
 * (not Linux, a sandbox), {@link #available()} is false and every sample is empty: health falls back
 * to the socket's progress and to pongs.
 */
final class KernelQueues {
  /** A connection's queues, in bytes. */
  record Queues(long sendQueue, long receiveQueue) {}

  /**
   * One sample: connections keyed by {@link #key(int, int)} of their local and remote ports. Each read
   * of one of the files walks the kernel's whole connection table (2-4 ms here, however few the
   * connections), and a process's sockets are usually all of one family: a sample reads only the files
   * that held what the last sample was asked for, and the others the first time a connection is not
   * found. Monitor thread only.
   */
  static final class Sample {
    private final Map<Long, Found> byPorts;
    private final KernelQueues source; // null: nothing more to read
    private final boolean[] read;
    private final boolean[] asked = new boolean[2]; // files that held a connection asked for

    private Sample(Map<Long, Found> byPorts, KernelQueues source, boolean[] read) {
      this.byPorts = byPorts;
      this.source = source;
      this.read = read;
    }

    /** The connection from {@code localPort} to {@code remotePort}, or null if not seen. */
    Queues find(int localPort, int remotePort) {
      long k = key(localPort, remotePort);
      Found f = byPorts.get(k);
      if (f == null && source != null) {
        for (int i = 0; i < read.length; i++) {
          if (!read[i]) source.readInto(i, byPorts, read);
        }
        f = byPorts.get(k);
      }
      if (f == null) return null;
      asked[f.file()] = true;
      return f.queues();
    }

    int size() {
      return byPorts.size();
    }
  }

  private record Found(Queues queues, int file) {}

  private static final String ESTABLISHED = "01";
  private static final Sample EMPTY = new Sample(Map.of(), null, new boolean[0]);
  private final Path[] files;
  private volatile boolean available;
  private Sample last; // monitor thread
  private long fileReads; // monitor thread

  KernelQueues(Path procNet) {
    this.files = new Path[] {procNet.resolve("tcp"), procNet.resolve("tcp6")};
    this.available = Files.isReadable(files[0]) || Files.isReadable(files[1]);
  }

  /** The system's view; {@code relayscope.proc-net} (a test's switch) points elsewhere. */
  static KernelQueues system() {
    return new KernelQueues(Path.of(System.getProperty("relayscope.proc-net", "/proc/net")));
  }

  boolean available() {
    return available;
  }

  /** Reads of {@code tcp} or {@code tcp6} so far. */
  long fileReads() {
    return fileReads;
  }

  /**
   * Reads the connections' queues: from the files where the last sample found what it was asked for
   * (all of them the first time, or when it was asked for nothing); empty (and no longer available)
   * if no file can be read.
   */
  Sample sample() {
    if (!available) return EMPTY;
    boolean any = last != null && (last.asked[0] || last.asked[1]);
    var map = new HashMap<Long, Found>();
    var read = new boolean[files.length];
    boolean readable = false;
    for (int i = 0; i < files.length; i++) {
      if (any && !last.asked[i]) continue;
      readable |= readInto(i, map, read);
    }
    if (!readable && !any) {
      available = false;
      return EMPTY;
    }
    last = new Sample(map, this, read);
    return last;
  }

  /** Reads file {@code i} into {@code map} (marked read, whatever came of it); false if it could not be read. */
  private boolean readInto(int i, Map<Long, Found> map, boolean[] read) {
    read[i] = true;
    if (!Files.isReadable(files[i])) return false;
    fileReads++;
    try (BufferedReader in = Files.newBufferedReader(files[i], StandardCharsets.US_ASCII)) {
      in.readLine(); // header
      String line;
      while ((line = in.readLine()) != null) parse(line, i, map);
      return true;
    } catch (IOException | RuntimeException e) {
      return false; // an unreadable or odd file: this sample goes without it
    }
  }

  /** {@code sl local rem st tx:rx ...}; addresses are {@code HEX:PORT}. */
  private static void parse(String line, int file, Map<Long, Found> into) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 5) return;
    int local = port(f[1]);
    int remote = port(f[2]);
    if (local < 0 || remote < 0) return;
    int colon = f[4].indexOf(':');
    if (colon < 0) return;
    long tx = Long.parseLong(f[4], 0, colon, 16);
    long rx = Long.parseLong(f[4], colon + 1, f[4].length(), 16);
    long k = key(local, remote);
    // A TIME_WAIT leftover may share the ports of a live connection: the live one wins.
    if (f[3].equals(ESTABLISHED) || !into.containsKey(k)) into.put(k, new Found(new Queues(tx, rx), file));
  }

  private static int port(String address) {
    int colon = address.lastIndexOf(':');
    if (colon < 0) return -1;
    return Integer.parseInt(address, colon + 1, address.length(), 16);
  }

  static long key(int localPort, int remotePort) {
    return ((long) localPort << 16) | remotePort;
  }
}
