package io.relayscope.fleet.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.relayscope.fleet.FleetSubjects;
import io.relayscope.support.NatsServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FleetModelProbeTest {
  @Test
  void probe() throws Exception {
    String auth = """
        authorization {
          users = [
            { user: admin, password: a }
            { user: viewer, password: v, permissions: { publish: { deny: ["relayscope.control.>"] } } }
          ]
        }
        """;
    try (var server = NatsServer.start(auth)) {
      var pub = Nats.connect(server.url("admin", "a"));
      var jsm = pub.jetStreamManagement();
      jsm.addStream(StreamConfiguration.builder().name(FleetSubjects.EVENTS_STREAM).subjects("relayscope.events.>").storageType(StorageType.File).build());
      jsm.addStream(StreamConfiguration.builder().name(FleetSubjects.FACTS_STREAM).subjects("relayscope.facts.>").storageType(StorageType.File).build());
      var js = pub.jetStream();
      var h = new Headers().add(FleetSubjects.HEADER_NODE, "a").add(FleetSubjects.HEADER_SEQ, "1")
          .add(FleetSubjects.HEADER_RECEIVED_MS, String.valueOf(System.currentTimeMillis()));
      js.publish(FleetSubjects.event("a", "m1"), h,
          "{\"type\":\"machine_registered\",\"machine_name\":\"m1\",\"payload\":{\"current_state\":\"waiting\",\"config_type\":\"x\"}}".getBytes(StandardCharsets.UTF_8));
      pub.createDispatcher(m -> pub.publish(m.getReplyTo(), "{\"ok\":true}".getBytes())).subscribe(FleetSubjects.control("a", "disconnect"));
      pub.flush(Duration.ofSeconds(5));

      try (var model = FleetModel.attach(new Options.Builder().server(server.url("viewer", "v")), Duration.ofHours(1), Duration.ofSeconds(5));
           var admin = FleetModel.attach(new Options.Builder().server(server.url("admin", "a")), Duration.ofHours(1), Duration.ofSeconds(5))) {
        await().atMost(Duration.ofSeconds(30)).until(() -> model.frame().node("a") != null && !model.frame().node("a").machines().isEmpty());
        System.out.println("PROBE frame " + model.frame());
        var refused = model.disconnect("a", "1", "x", Duration.ofSeconds(5)).get();
        System.out.println("PROBE refused " + refused);
        var ok = admin.disconnect("a", "1", "x", Duration.ofSeconds(5)).get();
        System.out.println("PROBE ok " + ok);
        var none = admin.disconnect("zz", "1", "x", Duration.ofSeconds(5)).get();
        System.out.println("PROBE none " + none);
      }
    }
  }
}
