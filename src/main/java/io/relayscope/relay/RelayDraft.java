package io.relayscope.relay;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeBuilder;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;

/**
 * RFC 6455 with our limits: inbound frames capped (Java-WebSocket closes a bigger one with 1009),
 * the token accepted as a {@code Sec-WebSocket-Protocol} value (and echoed, as browsers require),
 * and the ability to refuse a handshake with a real HTTP status (401, 403, 503) instead of the
 * library's fixed 404.
 */
final class RelayDraft extends Draft_6455 {
  private final int maxFrameBytes;
  private final String token;

  RelayDraft(int maxFrameBytes, String token) {
    super(Collections.<IExtension>emptyList(), protocols(token), maxFrameBytes);
    this.maxFrameBytes = maxFrameBytes;
    this.token = token;
  }

  private static List<IProtocol> protocols(String token) {
    var list = new ArrayList<IProtocol>();
    if (token != null) list.add(new Protocol(token));
    list.add(new Protocol("")); // clients that offer no subprotocol (upstream's) stay welcome
    return list;
  }

  @Override
  public HandshakeBuilder postProcessHandshakeResponseAsServer(ClientHandshake request, ServerHandshakeBuilder response)
      throws InvalidHandshakeException {
    if (HttpResponseBytes.isPlainResponse(response)) return response; // a refusal: no upgrade headers
    return super.postProcessHandshakeResponseAsServer(request, response);
  }

  @Override
  public List<ByteBuffer> createHandshake(Handshakedata data, boolean withContent) {
    return HttpResponseBytes.isPlainResponse(data) ? HttpResponseBytes.of(data) : super.createHandshake(data, withContent);
  }

  @Override
  public Draft copyInstance() {
    return new RelayDraft(maxFrameBytes, token);
  }
}
