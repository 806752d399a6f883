package io.relayscope.support;

import io.relayscope.fleet.FleetNode;
import io.relayscope.fleet.FleetOptions;
import java.util.List;
import java.util.function.UnaryOperator;

/** A real relay ({@link TestRelay}) that is also a fleet node on a real NATS server. */
public final class FleetRelay implements AutoCloseable {
  public final TestRelay relay;
  public final FleetNode node;

  private FleetRelay(TestRelay relay, FleetNode node) {
    this.relay = relay;
    this.node = node;
  }

  public static FleetRelay start(String natsUrl, String node) throws Exception {
    return start(natsUrl, node, o -> o);
  }

  public static FleetRelay start(String natsUrl, String node, UnaryOperator<FleetOptions> options) throws Exception {
    var relay = TestRelay.start();
    try {
      return new FleetRelay(relay, FleetNode.start(relay.core, options.apply(FleetOptions.of(List.of(natsUrl), node))));
    } catch (Exception e) {
      relay.close();
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    node.close();
    relay.close();
  }
}
