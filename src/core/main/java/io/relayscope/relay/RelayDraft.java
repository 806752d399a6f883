package io.relayscope.relay;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.HandshakeState;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.ContinuousFrame;
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
    int badClose = headers.scan(buffer);
    if (badClose < 0) return super.translateFrame(buffer);
    // A Close whose reason is not UTF-8: the library would build it half (reason null) and fail on
    // it with a NullPointerException that its worker swallows, leaving the client unanswered. The
    // frames before it are translated as usual; the marker after them fails the connection (1007).
    int end = buffer.limit();
    List<Framedata> before;
    try {
      buffer.limit(badClose);
      before = super.translateFrame(buffer);
    } finally {
      buffer.limit(end);
    }
    buffer.position(end); // nothing after a failed Close is read
    var frames = new ArrayList<Framedata>(before);
    frames.add(BadCloseReason.MARKER);
    return frames;
  }

  @Override
  public void processFrame(WebSocketImpl webSocketImpl, Framedata frame) throws InvalidDataException {
    if (frame == BadCloseReason.MARKER) {
      throw new InvalidDataException(CloseFrame.NO_UTF8, "the Close frame's reason is not valid UTF-8");
    }
    if (frame instanceof CloseFrame close && webSocketImpl.getReadyState() == ReadyState.OPEN) {
      // The client's Close, before the library answers it: the library queues the answer (and wakes the
      // selector) before it tells the listener, and a client that resets once answered could end the
      // connection as 1006 first (seen on a loaded machine: a client's 1000 recorded as 1006).
      webSocketImpl.getWebSocketListener().onWebsocketClosing(webSocketImpl, close.getCloseCode(), close.getMessage(), true);
    }
    super.processFrame(webSocketImpl, frame);
  }

  /** Stands where a Close with an invalid reason was, in the frames handed to {@link #processFrame}. */
  private static final class BadCloseReason extends ContinuousFrame {
    static final BadCloseReason MARKER = new BadCloseReason();
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
   * 5.2): the mask bit, and the length of data frames, summed per message until its FIN. The one
   * body it reads is a Close's (125 bytes at most), for the UTF-8 of its reason.
   */
  static final class InboundFrameHeaders {
    private final int maxMessageBytes;
    private final byte[] header = new byte[14];
    private int headerHave;
    private long bodyLeft;
    private long messageBytes;
    // The Close being read: its unmasked body so far, and its mask; null between Close frames.
    private byte[] closeBody;
    private int closeHave;
    private final byte[] closeMask = new byte[4];

    InboundFrameHeaders(int maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Looks at {@code buffer}'s remaining bytes without consuming them. Returns -1, or where (in
     * {@code buffer}) a Close frame whose reason is not UTF-8 begins: its position if it began in an
     * earlier buffer. Scanning stops there.
     */
    int scan(ByteBuffer buffer) throws InvalidDataException {
      int i = buffer.position();
      int limit = buffer.limit();
      int frameStart = headerHave > 0 || bodyLeft > 0 ? i : -1; // -1: the next byte starts a frame
      while (i < limit) {
        if (bodyLeft > 0) {
          int skip = (int) Math.min(bodyLeft, limit - i);
          if (closeBody != null) {
            for (int k = 0; k < skip; k++, closeHave++) closeBody[closeHave] = (byte) (buffer.get(i + k) ^ closeMask[closeHave & 3]);
          }
          i += skip;
          bodyLeft -= skip;
          if (bodyLeft == 0 && closeEnded()) return Math.max(frameStart, buffer.position());
          continue;
        }
        if (headerHave == 0) frameStart = i;
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
        if ((header[0] & 0x0f) == 0x8 && length > 2 && length <= 125) { // a Close with a reason (longer: the library's 1002)
          closeBody = new byte[(int) length];
          closeHave = 0;
          System.arraycopy(header, 2 + lengthBytes, closeMask, 0, 4);
        }
        frame(header[0], length);
      }
      return -1;
    }

    /** After a body: true if it was a Close whose reason is not UTF-8. */
    private boolean closeEnded() {
      if (closeBody == null) return false;
      byte[] body = closeBody;
      closeBody = null;
      try {
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body, 2, body.length - 2));
        return false;
      } catch (CharacterCodingException e) {
        return true;
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
