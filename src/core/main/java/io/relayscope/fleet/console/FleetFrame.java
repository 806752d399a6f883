package io.relayscope.fleet.console;

import java.util.List;

/**
 * What the fleet console renders at one frame: every node seen (sorted by name), how far the
 * history replay has come, and the connection's state. Immutable; built off the FX thread.
 */
public record FleetFrame(long takenAtMillis, List<NodeFrame> nodes, ReplayProgress progress, String connection) {
  public FleetFrame {
    nodes = List.copyOf(nodes);
  }

  public NodeFrame node(String name) {
    return nodes.stream().filter(n -> n.node().equals(name)).findFirst().orElse(null);
  }
}
