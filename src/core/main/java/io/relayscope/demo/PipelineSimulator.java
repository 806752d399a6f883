package io.relayscope.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A face_processor pipeline and its controller, simulated: real datagrams to the relay's event
 * socket, the same path an engine uses. face_processor walks the states of
 * {@code machines/face_processor.yaml} job after job, with the production log's activity lines
 * ("Verifying dimensions", "Generating face masks", "Starting inpainting"); every fourth job fails
 * face detection and recovers. The controller (no definition, so the console learns its diagram)
 * dispatches jobs and waits for them.
 */
public final class PipelineSimulator implements AutoCloseable {
  public static final String FACE = "face_processor";
  public static final String CONTROLLER = "controller";
  private static final Logger log = LoggerFactory.getLogger(PipelineSimulator.class);

  private record Step(long delayMillis, byte[][] datagrams) {}

  private final DatagramEmitter emitter;
  private final double speed;
  private final Deque<Step> steps = new ArrayDeque<>();
  private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "demo-engine");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean running = true;
  private int job;

  /** {@code speed} scales every delay: 1 is realistic, 0.05 is twenty times faster. */
  public PipelineSimulator(Path eventSocket, double speed) throws IOException {
    this.emitter = DatagramEmitter.connect(eventSocket);
    this.speed = speed;
  }

  public void start() {
    at(0, EngineEvents.registered(FACE, FACE, "initializing"), EngineEvents.registered(CONTROLLER, CONTROLLER, "idle"));
    at(300, EngineEvents.activity(FACE, "Face Processor initializing...", "info"));
    at(500, EngineEvents.stateChange(FACE, "initializing", "waiting", "initialized"),
        EngineEvents.activity(FACE, "Waiting for face processing jobs...", "info"));
    clock.schedule(this::next, 0, TimeUnit.MILLISECONDS);
  }

  private void at(long delayMillis, byte[]... datagrams) {
    steps.add(new Step(delayMillis, datagrams));
  }

  private void next() {
    if (!running) return;
    if (steps.isEmpty()) planJob(++job);
    Step step = steps.poll();
    clock.schedule(() -> {
      for (byte[] d : step.datagrams()) {
        try {
          emitter.send(d);
        } catch (IOException e) {
          log.warn("demo engine cannot send: {}", e.getMessage());
          running = false;
          return;
        }
      }
      next();
    }, Math.round(step.delayMillis() * speed), TimeUnit.MILLISECONDS);
  }

  private void planJob(int n) {
    String id = String.format("job-%04d", n);
    at(1200, EngineEvents.stateChange(FACE, "waiting", "waiting", "no_jobs"));
    at(400, EngineEvents.stateChange(CONTROLLER, "idle", "dispatching", "job_queued"),
        EngineEvents.activity(CONTROLLER, "Dispatching " + id + " to face_processor", "info"));
    at(300, EngineEvents.stateChange(CONTROLLER, "dispatching", "waiting_for_faces", "sdxl_job_done"),
        EngineEvents.stateChange(FACE, "waiting", "cropping_faces", "new_job"),
        EngineEvents.job(FACE, "job_started", id, "face_processing"),
        EngineEvents.activity(FACE, "Cropping faces for job " + id, "info"));
    at(800, EngineEvents.stateChange(FACE, "cropping_faces", "verifying_portraits", "faces_cropped"),
        EngineEvents.activity(FACE, "Verifying portraits", "info"));
    at(300, EngineEvents.stateChange(FACE, "verifying_portraits", "verifying_dimensions", "portraits_verified"),
        EngineEvents.activity(FACE, "Verifying dimensions", "info"));
    at(400, EngineEvents.stateChange(FACE, "verifying_dimensions", "detecting_faces", "dimensions_verified"),
        EngineEvents.activity(FACE, "Generating face masks", "info"));
    if (n % 4 == 0) {
      at(1500, EngineEvents.error(FACE, "create_mask.sh exited with 2 for " + id, id),
          EngineEvents.stateChange(FACE, "detecting_faces", "error_recovery", "error"),
          EngineEvents.activity(FACE, "Face processing failed", "error"));
      at(1000, EngineEvents.stateChange(FACE, "error_recovery", "waiting", "recovered"),
          EngineEvents.stateChange(CONTROLLER, "waiting_for_faces", "idle", "face_job_failed"),
          EngineEvents.activity(CONTROLLER, id + " failed in face_processor", "warning"));
      return;
    }
    at(1500, EngineEvents.stateChange(FACE, "detecting_faces", "running_inpainting", "faces_detected"),
        EngineEvents.activity(FACE, "Starting inpainting", "info"));
    // Inpainting reports progress ten times a second: the steadiest traffic of the pipeline.
    for (int step = 1; step <= INPAINT_STEPS; step++) at(100, progress(id, step));
    at(100, EngineEvents.stateChange(FACE, "running_inpainting", "resizing_images", "inpainting_complete"));
    at(600, EngineEvents.stateChange(FACE, "resizing_images", "finalizing", "resize_complete"));
    at(500, EngineEvents.stateChange(FACE, "finalizing", "notifying_controller", "job_complete"),
        EngineEvents.job(FACE, "job_completed", id, "face_processing"));
    at(300, EngineEvents.stateChange(FACE, "notifying_controller", "waiting", "face_job_done_sent"),
        EngineEvents.stateChange(CONTROLLER, "waiting_for_faces", "idle", "face_job_done"),
        EngineEvents.activity(CONTROLLER, id + " done: data/images/6-final/" + id + "-final.png", "info"));
  }

  static final int INPAINT_STEPS = 25;

  private static byte[] progress(String id, int step) {
    var p = EngineEvents.payload()
        .put("message", "Inpainting " + id + ": step " + step + "/" + INPAINT_STEPS)
        .put("level", "debug")
        .put("type", "progress");
    var keys = p.putArray("payload_keys");
    for (String k : new String[] {"job_id", "step", "steps", "sampler", "guidance", "seed", "mask_area", "timings"}) keys.add(k);
    var detail = p.putObject("details");
    detail.put("job_id", id).put("step", step).put("steps", INPAINT_STEPS).put("sampler", "dpmpp_2m_karras")
        .put("guidance", 7.5).put("seed", 1_234_567 + step).put("mask_area", 0.18 + step / 1000.0);
    var timings = detail.putArray("timings_ms");
    for (int i = 0; i < 40; i++) timings.add(38.0 + (i * 7 + step) % 11);
    return EngineEvents.event(FACE, "activity_log", p);
  }

  public long sent() {
    return emitter.sent();
  }

  public long lost() {
    return emitter.lost();
  }

  @Override
  public void close() throws IOException {
    running = false;
    clock.shutdownNow();
    try {
      clock.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    emitter.close();
  }
}
