package io.relayscope.journal;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * One run of a relay, from start to stop: a random id and the wall-clock start. Client ids and fact
 * ids restart with each run, so {@code (run, client id)} is what names a client across a journal
 * that spans restarts. Created once per relay core; every fact the run journals carries it.
 */
public record RelayRun(String id, long startedAtMillis) {
  /** Facts written before runs were recorded (their file name stands in for the run). */
  public static final RelayRun UNKNOWN = new RelayRun("", 0);

  private static final SecureRandom RANDOM = new SecureRandom();

  public RelayRun {
    if (id == null) throw new IllegalArgumentException("run id is null");
  }

  /** A new run starting now. */
  public static RelayRun start() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return new RelayRun(HexFormat.of().formatHex(b), System.currentTimeMillis());
  }

  public boolean known() {
    return !id.isEmpty();
  }
}
