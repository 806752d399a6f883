package io.relayscope.relay;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.CloseHandshakeType;
import org.java_websocket.enums.HandshakeState;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ClientHandshakeBuilder;
import org.java_websocket.handshake.HandshakeBuilder;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;

/**
 * Lets the WebSocket port answer plain HTTP ({@code GET} or {@code HEAD} of {@code /health},
 * {@code /initial}, {@code /metrics}), as upstream's relay does. Java-WebSocket tries its drafts in
 * order: {@link RelayDraft} takes valid upgrade requests; this one takes every other request head
 * (HTTP/1.0 too, and bad upgrades, oversized or malformed heads, which get 4xx answers), writes an
 * ordinary HTTP response, and the server closes the connection once it is written.
 */
final class PlainHttpDraft extends Draft {
  private final int maxRequestHeadBytes;

  PlainHttpDraft(int maxRequestHeadBytes) {
    this.maxRequestHeadBytes = maxRequestHeadBytes;
  }

  @Override
  public Handshakedata translateHandshake(ByteBuffer buf) {
    return RequestHead.read(buf, maxRequestHeadBytes);
  }

  @Override
  public HandshakeState acceptHandshakeAsServer(ClientHandshake request) {
    // HTTP/2 clients (curl --http2, the JDK's HttpClient) send "Upgrade: h2c", which we simply do
    // not take up, answering in HTTP/1.1 as servers may.
    return request instanceof RequestHead ? HandshakeState.MATCHED : HandshakeState.NOT_MATCHED;
  }

  @Override
  public HandshakeState acceptHandshakeAsClient(ClientHandshake request, ServerHandshake response) {
    return HandshakeState.NOT_MATCHED;
  }

  @Override
  public HandshakeBuilder postProcessHandshakeResponseAsServer(ClientHandshake request, ServerHandshakeBuilder response) {
    return response;
  }

  @Override
  public List<ByteBuffer> createHandshake(Handshakedata data, boolean withContent) {
    return HttpResponseBytes.of(data);
  }

  @Override
  public ClientHandshakeBuilder postProcessHandshakeRequestAsClient(ClientHandshakeBuilder request) {
    return request;
  }

  @Override
  public ByteBuffer createBinaryFrame(Framedata framedata) {
    return ByteBuffer.allocate(0); // an HTTP exchange has no frames; the close frame is not sent
  }

  @Override
  public List<Framedata> createFrames(ByteBuffer binary, boolean mask) {
    return Collections.emptyList();
  }

  @Override
  public List<Framedata> createFrames(String text, boolean mask) {
    return Collections.emptyList();
  }

  @Override
  public void processFrame(WebSocketImpl webSocketImpl, Framedata frame) throws InvalidDataException {
    // never called: translateFrame yields nothing
  }

  @Override
  public List<Framedata> translateFrame(ByteBuffer buffer) {
    buffer.position(buffer.limit()); // ignore anything a client sends after its request
    return Collections.emptyList();
  }

  @Override
  public void reset() {
    // stateless
  }

  @Override
  public CloseHandshakeType getCloseHandshakeType() {
    return CloseHandshakeType.NONE;
  }

  @Override
  public Draft copyInstance() {
    return new PlainHttpDraft(maxRequestHeadBytes);
  }
}
