package io.relayscope.demo;

import io.relayscope.core.RelayCore;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --demo}: the simulated pipeline sending to the relay's own event socket, three healthy
 * WebSocket readers, and with {@code --demo-incident} one client that stops reading after a few
 * seconds — the October 2025 incident, live.
 */
public final class Demo implements AutoCloseable {
  public static final int READERS = 3;
  private static final Logger log = LoggerFactory.getLogger(Demo.class);

  private final DemoClients readers;
  private final SlowClient incident;
  private final PipelineSimulator pipeline;

  private Demo(DemoClients readers, SlowClient incident, PipelineSimulator pipeline) {
    this.readers = readers;
    this.incident = incident;
    this.pipeline = pipeline;
  }

  /** {@code speed} scales the pipeline's timings (1 = realistic). */
  public static Demo start(RelayCore core, boolean withIncident, long stallAfterMillis, double speed)
      throws IOException, InterruptedException {
    var readers = DemoClients.connect(core.endpoint(), READERS);
    SlowClient incident = null;
    if (withIncident) {
      incident = new SlowClient(URI.create(core.endpoint()), stallAfterMillis);
      if (!incident.connectBlocking(10, TimeUnit.SECONDS)) log.warn("demo incident client could not connect");
    }
    var pipeline = new PipelineSimulator(core.config().eventSocketPath(), speed);
    pipeline.start();
    log.info("demo: simulated face_processor and controller sending to {}; {} readers{}", core.config().eventSocketPath(),
        readers.readers().size(), withIncident ? "; one client will stop reading after " + stallAfterMillis + " ms" : "");
    return new Demo(readers, incident, pipeline);
  }

  public DemoClients readers() {
    return readers;
  }

  public SlowClient incident() {
    return incident;
  }

  public PipelineSimulator pipeline() {
    return pipeline;
  }

  @Override
  public void close() throws IOException {
    pipeline.close();
    readers.close();
    if (incident != null) {
      incident.resume();
      incident.close();
    }
  }
}
