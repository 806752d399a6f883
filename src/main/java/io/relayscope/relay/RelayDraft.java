package io.relayscope.relay;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.HandshakeState;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.HandshakeBuilder;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;

/**
 * RFC 6455 with our limits: the request head capped, the opening handshake checked in full (a bad
 * one falls through to {@link PlainHttpDraft}, which answers 400/426), inbound messages capped
 * across their fragments and unmasked client frames refused, the token accepted as a
 * {@code Sec-WebSocket-Protocol} value (and echoed, as browsers require), and the ability to refuse
 * a handshake with a real HTTP status (401, 403, 503) instead of the library's fixed 404.
 *
 * <p>One instance per connection ({@link #copyInstance}), used by one decoding thread at a time.
 */
final class RelayDraft extends Draft_6455 {
  private final int maxMessageBytes;
  private final String token;
  private final int maxRequestHeadBytes;
  private final InboundFrameHeaders headers;

  RelayDraft(int maxMessageBytes, String token, int maxRequestHeadBytes) {
    super(Collections.<IExtension>emptyList(), protocols(token), maxMessageBytes);
    this.maxMessageBytes = maxMessageBytes;
    this.token = token;
    this.maxRequestHeadBytes = maxRequestHeadBytes;
    this.headers = new InboundFrameHeaders(maxMessageBytes);
  }

  private static List<IProtocol> protocols(String token) {
    var list = new ArrayList<IProtocol>();
    if (token != null) list.add(new Protocol(token));
    list.add(new Protocol("")); // clients that offer no subprotocol (upstream's) stay welcome
    return list;
  }

  @Override
  public Handshakedata translateHandshake(ByteBuffer buf) throws InvalidHandshakeException {
    return RequestHead.read(buf, maxRequestHeadBytes);
  }

  @Override
  public HandshakeState acceptHandshakeAsServer(ClientHandshake request) throws InvalidHandshakeException {
    if (!(request instanceof RequestHead head) || head.problem != RequestHead.Problem.NONE
        || !UpgradeRequest.isAttempt(head) || UpgradeRequest.problem(head) != null) {
      return HandshakeState.NOT_MATCHED;
    }
    return super.acceptHandshakeAsServer(request);
  }

  /**
   * The library checks a fragmented message's size only when its last fragment arrives, so a
   * message that never ends grows without bound; and it takes unmasked frames. We read each frame
   * header as it goes by, before the library buffers the frame, and stop both.
   */
  @Override
  public List<Framedata> translateFrame(ByteBuffer buffer) throws InvalidDataException {
    headers.scan(buffer);
    return super.translateFrame(buffer);
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
    return new RelayDraft(maxMessageBytes, token, maxRequestHeadBytes);
  }

  /**
   * Follows frame boundaries through the byte stream, looking only at headers (RFC 6455 section
   * 5.2): the mask bit, and the length of data frames, summed per message until its FIN.
   */
  static final class InboundFrameHeaders {
    private final int maxMessageBytes;
    private final byte[] header = new byte[14];
    private int headerHave;
    private long bodyLeft;
    private long messageBytes;

    InboundFrameHeaders(int maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
    }

    /** Looks at {@code buffer}'s remaining bytes without consuming them. */
    void scan(ByteBuffer buffer) throws InvalidDataException {
      int i = buffer.position();
      int limit = buffer.limit();
      while (i < limit) {
        if (bodyLeft > 0) {
          int skip = (int) Math.min(bodyLeft, limit - i);
          i += skip;
          bodyLeft -= skip;
          continue;
        }
        header[headerHave++] = buffer.get(i++);
        if (headerHave < 2) continue;
        if ((header[1] & 0x80) == 0) {
          throw new InvalidDataException(CloseFrame.PROTOCOL_ERROR, "client frames must be masked");
        }
        int len7 = header[1] & 0x7f;
        int lengthBytes = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
        if (headerHave < 2 + lengthBytes + 4) continue;
        long length = len7;
        if (lengthBytes > 0) {
          length = 0;
          for (int k = 0; k < lengthBytes; k++) length = (length << 8) | (header[2 + k] & 0xff);
        }
        headerHave = 0;
        bodyLeft = length;
        frame(header[0], length);
      }
    }

    private void frame(byte first, long length) throws LimitExceededException {
      int opcode = first & 0x0f;
      boolean fin = (first & 0x80) != 0;
      if (opcode >= 0x8) return; // control frames: 125 bytes at most, checked by the library
      messageBytes = opcode == 0x0 ? messageBytes + length : length;
      if (messageBytes < 0 || messageBytes > maxMessageBytes) {
        throw new LimitExceededException("message over " + maxMessageBytes + " bytes", maxMessageBytes);
      }
      if (fin) messageBytes = 0;
    }
  }
}
