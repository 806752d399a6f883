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
 * clients. Where those files are absent (not Linux, a sandbox), {@link #available()} is false and
 * every sample is empty: health falls back to the socket's progress and to pongs.
 */
final class KernelQueues {
  /** A connection's queues, in bytes. */
  record Queues(long sendQueue, long receiveQueue) {}

  /** One sample: connections keyed by {@link #key(int, int)} of their local and remote ports. */
  static final class Sample {
    private final Map<Long, Queues> byPorts;

    private Sample(Map<Long, Queues> byPorts) {
      this.byPorts = byPorts;
    }

    /** The connection from {@code localPort} to {@code remotePort}, or null if not seen. */
    Queues find(int localPort, int remotePort) {
      return byPorts.get(key(localPort, remotePort));
    }

    int size() {
      return byPorts.size();
    }
  }

  private static final String ESTABLISHED = "01";
  private static final Sample EMPTY = new Sample(Map.of());
  private final Path[] files;
  private volatile boolean available;

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

  /** Reads every TCP connection's queues; empty (and no longer available) if the files cannot be read. */
  Sample sample() {
    if (!available) return EMPTY;
    var map = new HashMap<Long, Queues>();
    boolean read = false;
    for (Path f : files) {
      if (!Files.isReadable(f)) continue;
      try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.US_ASCII)) {
        in.readLine(); // header
        String line;
        while ((line = in.readLine()) != null) parse(line, map);
        read = true;
      } catch (IOException | RuntimeException e) {
        // an unreadable or odd file: this sample goes without it
      }
    }
    if (!read) available = false;
    return new Sample(map);
  }

  /** {@code sl local rem st tx:rx ...}; addresses are {@code HEX:PORT}. */
  static void parse(String line, Map<Long, Queues> into) {
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
    if (f[3].equals(ESTABLISHED) || !into.containsKey(k)) into.put(k, new Queues(tx, rx));
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
