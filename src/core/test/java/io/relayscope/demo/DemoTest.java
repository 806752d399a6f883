package io.relayscope.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.relayscope.machines.MachineSnapshot;
import io.relayscope.metrics.ClientStats;
import io.relayscope.relay.CloseCodes;
import io.relayscope.support.TestRelay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The demo, headless, against a real relay: events through the socket, the incident evicted, readers complete. */
class DemoTest {
  @Test
  void demoPipelineReachesTheReadersAndTheIncidentClientIsEvicted() throws Exception {
    // A small kernel buffer per client, as --demo-incident uses, so the stall shows quickly.
    try (var relay = TestRelay.start(r -> r.withSendTimeout(Duration.ofSeconds(2)).withSocketSendBuffer(8 * 1024))) {
      var demo = Demo.start(relay.core, true, 1000, 0.1);
      try {
        await().atMost(30, TimeUnit.SECONDS).until(() -> relay.core.snapshot().recentlyClosed().stream()
            .anyMatch(c -> c.userAgent().equals("relayscope-slow-client")));
        ClientStats evicted = relay.core.snapshot().recentlyClosed().stream()
            .filter(c -> c.userAgent().equals("relayscope-slow-client")).findFirst().orElseThrow();
        assertThat(evicted.closeCode()).isEqualTo(CloseCodes.SLOW_CLIENT_EVICTED);
        assertThat(demo.incident().stalled()).isTrue();

        // Both machines are known, and face_processor has walked its states.
        await().atMost(30, TimeUnit.SECONDS).until(() -> relay.core.machines().snapshots().stream()
            .filter(m -> m.name().equals(PipelineSimulator.FACE))
            .anyMatch(m -> m.states().stream().anyMatch(s -> s.state().equals("running_inpainting"))));
        assertThat(relay.core.machines().snapshots()).extracting(MachineSnapshot::name)
            .contains(PipelineSimulator.FACE, PipelineSimulator.CONTROLLER);
      } finally {
        demo.pipeline().close();
      }
      // Every event the relay took in reached every healthy reader. (The simulated engine runs 1,000 times
      // faster than a real one: on a loaded machine the kernel refused one of its datagrams, EAGAIN, which
      // the engine counts; what a burst loses is the benchmark's figure.)
      long sent = demo.pipeline().sent();
      await().until(() -> relay.core.snapshot().relay().eventsIn() == sent);
      for (var reader : demo.readers().readers()) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> reader.events() == sent);
      }
      assertThat(relay.core.snapshot().relay().rejectedTotal()).isZero();
      assertThat(relay.core.snapshot().clients()).hasSize(Demo.READERS)
          .allSatisfy(c -> assertThat(c.dropped()).isZero());
      demo.close();
    }
  }
}
