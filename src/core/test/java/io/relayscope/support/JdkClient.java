package io.relayscope.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client on the JDK's own WebSocket, which closes as RFC 6455 asks: after sending its Close it
 * goes on reading until the server's Close arrives. (Java-WebSocket's client stops reading once it
 * has sent its Close and shuts its socket on whatever is still in flight, so the server may never
 * read that Close: a race the relay cannot win.)
 */
public final class JdkClient implements WebSocket.Listener {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final AtomicLong messages = new AtomicLong();
  private final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
  private volatile String closeReason;
  private volatile boolean closing;
  private WebSocket socket;

  public static JdkClient connect(String url) {
    var client = new JdkClient();
    client.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(URI.create(url), client)
        .orTimeout(10, TimeUnit.SECONDS).join();
    return client;
  }

  /** Whole text messages received so far. */
  public long messages() {
    return messages.get();
  }

  /** Sends Close {@code code}, then waits for the server's Close; returns the code it carried. */
  public int closeAndAwaitServer(int code) throws Exception {
    if (closedWith.isDone()) throw new IllegalStateException("the server closed first: " + closedWith.get() + " " + closeReason);
    // Not the send's own result: when the JDK's automatic pong to a relay ping is queued with it, the
    // send can fail with "Output closed" after the Close went out. The server's answer tells.
    closing = true;
    socket.sendClose(code, "");
    return closedWith.get(10, TimeUnit.SECONDS);
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    if (last) messages.incrementAndGet();
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    closeReason = reason;
    closedWith.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    if (!closing) closedWith.completeExceptionally(error); // once closing, only the server's Close (or the timeout) decides
  }
}
