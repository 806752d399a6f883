package io.relayscope.metrics;

import java.util.List;
import java.util.Optional;

/** An immutable picture of the relay and all its clients, for the console and the exporters. */
public record RelaySnapshot(long takenAtMillis, RelayStats relay, List<ClientStats> clients, List<ClientStats> recentlyClosed) {
  public RelaySnapshot {
    clients = List.copyOf(clients);
    recentlyClosed = List.copyOf(recentlyClosed);
  }

  public Optional<ClientStats> client(String id) {
    return clients.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  public Optional<ClientStats> closed(String id) {
    return recentlyClosed.stream().filter(c -> c.id().equals(id)).findFirst();
  }
}
