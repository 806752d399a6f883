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
    FleetOptions o = options.apply(FleetOptions.of(List.of(natsUrl), node));
    var buffer = FleetNode.buffer(o);
    var relay = TestRelay.startTapped(buffer);
    try {
      return new FleetRelay(relay, FleetNode.start(relay.core, o, buffer));
    } catch (Exception e) {
      relay.close();
      throw e;
    }
  }

  /** What runs while the relay is up and its node not yet joined (the CLI connects to NATS after the socket is bound). */
  @FunctionalInterface
  public interface BeforeJoin {
    void run(TestRelay relay) throws Exception;
  }

  /** As the CLI does it: the relay starts (its socket takes events), {@code meanwhile} runs, then the node joins. */
  public static FleetRelay startJoiningLate(String natsUrl, String node, BeforeJoin meanwhile) throws Exception {
    FleetOptions o = FleetOptions.of(List.of(natsUrl), node);
    var buffer = FleetNode.buffer(o);
    var relay = TestRelay.startTapped(buffer);
    try {
      meanwhile.run(relay);
      return new FleetRelay(relay, FleetNode.start(relay.core, o, buffer));
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
