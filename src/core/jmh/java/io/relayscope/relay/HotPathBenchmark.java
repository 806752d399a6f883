package io.relayscope.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.event.EventParser;
import io.relayscope.event.ParseOutcome;
import io.relayscope.event.RawInput;
import io.relayscope.journal.Journal;
import io.relayscope.metrics.CumulativeRecorder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-event costs on the hub thread: parsing and validating a datagram, encoding its frame once,
 * and enqueueing it for one client. In the package of the classes it measures, which are internal.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class HotPathBenchmark {
  @Param({"200", "2048", "16384"})
  int payloadBytes;

  private EventParser parser;
  private RawInput input;
  private byte[] raw;
  private FrameEncoder encoder;
  private ByteBuffer frame;
  private final CumulativeRecorder recorder = new CumulativeRecorder();
  private final Journal journal = new Journal(1 << 16);
  private long seq;

  @Setup
  public void setUp() {
    String head = "{\"machine_name\":\"face_processor\",\"type\":\"activity_log\",\"payload\":{\"message\":\"";
    String tail = "\",\"level\":\"info\"}}";
    raw = (head + "x".repeat(Math.max(0, payloadBytes - head.length() - tail.length())) + tail).getBytes(StandardCharsets.UTF_8);
    parser = new EventParser(200 * 1024, EventParser.DEFAULT_MAX_DEPTH);
    input = new RawInput("datagram", 1, System.nanoTime(), System.currentTimeMillis(), raw, raw.length, false);
    encoder = new FrameEncoder();
    frame = encoder.text(raw);
  }

  @Benchmark
  public ParseOutcome parse() {
    return parser.parse(input, ++seq);
  }

  @Benchmark
  public ByteBuffer encodeFrame() {
    return encoder.text(raw);
  }

  /**
   * What one client costs per event: the fan-out's enqueue (frame record, queue offer, cap check,
   * hand-off) and the selector's completion (latency recorded, next frame handed over).
   */
  @Benchmark
  public int enqueueAndComplete(ClientState client) {
    client.session.enqueue(new OutboundFrame(frame, ++seq, System.nanoTime()), (s, b, f) -> { });
    return client.drain();
  }

  @Benchmark
  public void recordLatency() {
    recorder.record(1_234_567);
  }

  /** A session whose connection is never written: the benchmark drains its queue itself. */
  @State(Scope.Thread)
  public static class ClientState {
    ClientSession session;

    @Setup
    public void setUp() {
      var impl = new RelayConnection(new org.java_websocket.WebSocketAdapter() {
        @Override
        public void onWebsocketMessage(org.java_websocket.WebSocket conn, String message) {}

        @Override
        public void onWebsocketMessage(org.java_websocket.WebSocket conn, ByteBuffer blob) {}

        @Override
        public void onWebsocketOpen(org.java_websocket.WebSocket conn, org.java_websocket.handshake.Handshakedata d) {}

        @Override
        public void onWebsocketClose(org.java_websocket.WebSocket ws, int code, String reason, boolean remote) {}

        @Override
        public void onWebsocketClosing(org.java_websocket.WebSocket ws, int code, String reason, boolean remote) {}

        @Override
        public void onWebsocketCloseInitiated(org.java_websocket.WebSocket ws, int code, String reason) {}

        @Override
        public void onWebsocketError(org.java_websocket.WebSocket conn, Exception ex) {}

        @Override
        public void onWriteDemand(org.java_websocket.WebSocket conn) {}

        @Override
        public java.net.InetSocketAddress getLocalSocketAddress(org.java_websocket.WebSocket conn) {
          return null;
        }

        @Override
        public java.net.InetSocketAddress getRemoteSocketAddress(org.java_websocket.WebSocket conn) {
          return null;
        }
      }, java.util.List.of(new org.java_websocket.drafts.Draft_6455())); // a list of drafts: the server role
      // A real server-side handshake makes the connection open: a closed one refuses every frame, and
      // the benchmark measured nothing but the refusal (35 ns, no allocation) until this was added.
      impl.decode(ByteBuffer.wrap(("GET /ws/events HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII)));
      if (!impl.isOpen()) throw new IllegalStateException("the benchmark's connection did not open");
      impl.outQueue.clear(); // the handshake's answer
      session = new ClientSession("bench", impl, RelayConfig.defaults(), new Journal(1024), () -> { }, "", "", "", null,
          RelayTime.system());
    }

    /** Writes out what enqueue handed to the library, as the selector does once the socket takes it. */
    int drain() {
      int n = 0;
      ByteBuffer buf;
      while ((buf = session.connection().outQueue.poll()) != null) {
        int bytes = buf.remaining();
        buf.position(buf.limit());
        if (session.onWritten(buf, bytes)) session.continueQueued();
        n++;
      }
      return n;
    }
  }
}
