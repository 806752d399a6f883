package io.relayscope.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;

/** A real WebSocket client that records every text message with its arrival time. */
public class RecordingClient extends WebSocketClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One text message; {@code type} is read once on arrival. */
  public record Message(long atNanos, String text, String type) {
    static Message of(long atNanos, String text) {
      String type = null;
      try {
        JsonNode t = JSON.readTree(text).get("type");
        type = t == null ? null : t.asText();
      } catch (Exception e) {
        // not JSON: no type
      }
      return new Message(atNanos, text, type);
    }

    public JsonNode json() {
      try {
        return JSON.readTree(text);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + text, e);
      }
    }

  }

  // Not copy-on-write: a burst of tens of thousands of messages would make every add O(n).
  public final List<Message> messages = java.util.Collections.synchronizedList(new ArrayList<>());
  public final CountDownLatch closed = new CountDownLatch(1);
  private final boolean answerPings;
  public volatile int closeCode = -1;
  public volatile String closeReason;
  public volatile boolean closedRemotely;

  public RecordingClient(String url) {
    this(url, true, Map.of());
  }

  public RecordingClient(String url, boolean answerPings, Map<String, String> headers) {
    super(URI.create(url), headers);
    this.answerPings = answerPings;
    setConnectionLostTimeout(0);
  }

  /**
   * Connects and waits for the relay's {@code initial}: from then on the client receives every
   * event (events before it are summarised in it).
   */
  public static RecordingClient connect(String url) throws InterruptedException {
    var c = new RecordingClient(url);
    if (!c.connectBlocking(10, TimeUnit.SECONDS)) throw new AssertionError("could not connect to " + url);
    // Joined once the relay's first frame arrived: initial, or for ?since= clients a replay or a marker.
    org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> !c.messages.isEmpty());
    return c;
  }

  @Override
  public void onOpen(ServerHandshake handshake) {}

  @Override
  public void onMessage(String message) {
    messages.add(Message.of(System.nanoTime(), message));
  }

  @Override
  public void onMessage(ByteBuffer bytes) {}

  @Override
  public void onWebsocketPing(WebSocket conn, Framedata f) {
    if (answerPings) super.onWebsocketPing(conn, f);
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    closeCode = code;
    closeReason = reason;
    closedRemotely = remote;
    closed.countDown();
  }

  @Override
  public void onError(Exception ex) {}

  public List<Message> snapshot() {
    synchronized (messages) {
      return new ArrayList<>(messages);
    }
  }

  public List<Message> ofType(String type) {
    var out = new ArrayList<Message>();
    for (Message m : snapshot()) {
      if (type.equals(m.type())) out.add(m);
    }
    return out;
  }

  /** Texts of the engine events received, in arrival order (relay messages left out). */
  public List<String> eventTexts() {
    var out = new ArrayList<String>();
    for (Message m : snapshot()) {
      String t = m.type();
      if (!"initial".equals(t) && !"ping".equals(t) && !"pong".equals(t)) out.add(m.text());
    }
    return out;
  }
}
