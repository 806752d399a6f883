package io.relayscope.ui.clients;

import io.relayscope.metrics.ClientStats;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import java.util.stream.Collectors;

/**
 * What the clients table does beyond the screen, off the FX thread: disconnects (the local relay's
 * call, or a request to a fleet node) and the operator's column choice on disk.
 */
public final class ClientActions {
  /** What Disconnect does: the local relay's call, or a request to a fleet node. Runs on the actions executor. */
  @FunctionalInterface
  public interface Disconnector {
    void disconnect(ClientStats client, String reason);
  }

  private final Disconnector disconnector;
  private final Executor executor;
  private final Preferences prefs;

  /** {@code prefs}: where the column choice is remembered (the console's preferences). */
  public ClientActions(Disconnector disconnector, Executor executor, Preferences prefs) {
    this.disconnector = disconnector;
    this.executor = executor;
    this.prefs = prefs;
  }

  /** Disconnects {@code targets} with {@code reason} on the actions executor: the relay call is quick, but it is not UI work. */
  void disconnect(List<ClientStats> targets, String reason) {
    try {
      executor.execute(() -> targets.forEach(t -> disconnector.disconnect(t, reason)));
    } catch (RejectedExecutionException closing) {
      // the console is closing: its relay goes with it
    }
  }

  /** The columns the operator hid last time under {@code key}, or {@code defaults} until they choose. */
  Set<String> hiddenColumns(String key, Set<String> defaults) {
    String saved;
    try {
      saved = prefs.get(key, null);
    } catch (IllegalStateException removed) {
      saved = null; // preferences can be removed under us (another JVM, a reset): then defaults
    }
    return saved == null ? defaults
        : Arrays.stream(saved.split("\t")).filter(s -> !s.isBlank()).collect(Collectors.toSet());
  }

  /** Remembers the hidden columns: kept in memory at once, written to disk off the FX thread. */
  void saveHiddenColumns(String key, Set<String> hidden) {
    try {
      prefs.put(key, String.join("\t", hidden.stream().sorted().toList()));
    } catch (IllegalStateException removed) {
      return; // see hiddenColumns
    }
    try {
      executor.execute(() -> {
        try {
          prefs.flush();
        } catch (BackingStoreException e) {
          // kept in memory; the JVM writes preferences at exit too
        } catch (IllegalStateException removed) {
          // the node was removed under us (by another JVM or a reset): the choice is not kept, the table is unaffected
        }
      });
    } catch (RejectedExecutionException closing) {
      // the console is closing: the JVM writes preferences at exit
    }
  }
}
